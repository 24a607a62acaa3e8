// npm run db:migrate            apply pending migrations to DATABASE_URL
// npm run db:diff -- <name>     write a new migration from the change to schema.prisma
import { applyMigrations, createMigration } from "./lib/migrations.ts";
import { ensureServices } from "./lib/services.ts";

const [cmd, name] = process.argv.slice(2);
const services = await ensureServices();
try {
  if (cmd === "deploy") {
    const applied = await applyMigrations(services.databaseUrl);
    console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
  } else if (cmd === "diff") {
    if (!name) throw new Error("usage: npm run db:diff -- <name>");
    const dir = await createMigration(services.databaseUrl, name);
    console.log(dir ? `wrote ${dir}/migration.sql` : "schema.prisma matches the migrations: nothing to write");
  } else {
    throw new Error("usage: migrate.ts deploy | diff <name>");
  }
} finally {
  await services.stop();
}
