// npm run db:seed  — the demo organisation (prisma/seed-lib.ts). Idempotent: a second run
// finds the organisation and does nothing. KEYWARD_SEED_SECRETS changes the number of secrets.
import { applyMigrations } from "../scripts/lib/migrations.ts";
import { ensureServices } from "../scripts/lib/services.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoEmail } from "./demo-accounts.ts";

const services = await ensureServices();
process.env.DATABASE_URL = services.databaseUrl;
const { db } = await import("@/lib/db");
const { seedDemo } = await import("./seed-lib.ts");
let code = 0;
try {
  await applyMigrations(services.databaseUrl);
  const started = Date.now();
  const secrets = process.env.KEYWARD_SEED_SECRETS ? Number(process.env.KEYWARD_SEED_SECRETS) : undefined;
  const res = await seedDemo(db, { secrets });
  if (res.skipped) {
    console.log("[seed] the demo organisation already exists: nothing to do");
  } else {
    console.log(
      `[seed] ${res.teams} teams, ${res.users} users, ${res.applications} applications, ${res.backends} backends, ` +
        `${res.secrets} secrets, ${res.consumers} consumers in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log(`[seed] demo sign-ins (password ${DEMO_PASSWORD}): ${DEMO_ACCOUNTS.map((a) => demoEmail(a.key)).join(", ")}`);
  }
} catch (e) {
  console.error("[seed] failed:", e);
  code = 1;
} finally {
  await db.$disconnect();
  await services.stop();
}
process.exit(code);
