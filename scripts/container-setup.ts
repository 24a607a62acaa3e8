// The one-shot "migrate" service of docker-compose.yml (and any deployment's release step):
// checks the required configuration, applies migrations, and seeds the demo organisation
// when KEYWARD_SEED_DEMO=true and the database has no users yet.
// Run: node --conditions=react-server --import tsx scripts/container-setup.ts
import pg from "pg";
import { applyMigrations } from "./lib/migrations.ts";
import { createDatabase } from "./lib/services.ts";

function fail(msg: string): never {
  console.error(`[setup] ${msg}`);
  process.exit(1);
}

const missing = ["DATABASE_URL", "REDIS_URL", "NEXTAUTH_URL", "NEXTAUTH_SECRET", "KEYWARD_AUDIT_HMAC_KEY"].filter((k) => !process.env[k]);
if ((process.env.KEYWARD_KEY_PROVIDER ?? "local") === "local" && !process.env.KEYWARD_ROOT_KEY && !process.env.KEYWARD_ROOT_KEY_FILE) {
  missing.push("KEYWARD_ROOT_KEY (or KEYWARD_KEY_PROVIDER=kms|pkcs11)");
}
if (missing.length) {
  fail(`missing configuration: ${missing.join(", ")}. Put them in .env next to docker-compose.yml; generate each secret with: openssl rand -base64 32`);
}

const url = process.env.DATABASE_URL!;
await createDatabase(url);
const applied = await applyMigrations(url);
console.log(applied.length ? `[setup] applied migrations: ${applied.join(", ")}` : "[setup] database schema is up to date");

if (process.env.KEYWARD_SEED_DEMO === "true") {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM "User"`);
  await c.end();
  if (rows[0].n === 0) {
    const { db } = await import("@/lib/db");
    const { seedDemo } = await import("../prisma/seed-lib.ts");
    const { DEMO_PASSWORD } = await import("../prisma/demo-accounts.ts");
    const res = await seedDemo(db, {});
    console.log(`[setup] seeded the demo organisation (${res.secrets} secrets); sign in as admin@keyward.demo with ${DEMO_PASSWORD}`);
    await db.$disconnect();
  } else {
    console.log("[setup] the database has users: not seeding demo data");
  }
}
process.exit(0);
