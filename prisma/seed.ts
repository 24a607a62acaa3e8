// npm run db:seed  — the demo organisation (prisma/seed-lib.ts) with its discovery history
// (prisma/seed-discovery.ts). Idempotent: a second run finds them and does nothing; a demo
// organisation seeded before discovery data existed gets it. Whatever it adds ends with a full
// verification of the audit chain, as the worker runs it. KEYWARD_SEED_SECRETS changes the
// number of secrets.
import { applyMigrations } from "../scripts/lib/migrations.ts";
import { ensureServices } from "../scripts/lib/services.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoEmail } from "./demo-accounts.ts";

const services = await ensureServices();
process.env.DATABASE_URL = services.databaseUrl;
const { db } = await import("@/lib/db");
const { seedDemo, seedDiscovery, verifyAuditChainAsWorker } = await import("./seed-lib.ts");
let code = 0;
try {
  await applyMigrations(services.databaseUrl);
  const started = Date.now();
  const secrets = process.env.KEYWARD_SEED_SECRETS ? Number(process.env.KEYWARD_SEED_SECRETS) : undefined;
  const res = await seedDemo(db, { secrets });
  let verification = res.verification;
  if (res.skipped) {
    const d = await seedDiscovery(db);
    if (!d.skipped) verification = await verifyAuditChainAsWorker();
    console.log(
      d.skipped
        ? "[seed] the demo organisation already exists: nothing to do"
        : `[seed] the demo organisation already exists; added discovery: ${d.connectors} connectors, ${d.runs} past runs, ${d.findings} findings`,
    );
  } else {
    console.log(
      `[seed] ${res.teams} teams, ${res.users} users, ${res.applications} applications, ${res.backends} backends, ` +
        `${res.secrets} secrets, ${res.consumers} consumers, ${res.connectors} connectors, ${res.findings} findings in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log(`[seed] demo sign-ins (password ${DEMO_PASSWORD}): ${DEMO_ACCOUNTS.map((a) => demoEmail(a.key)).join(", ")}`);
  }
  if (verification) {
    console.log(
      verification.ok
        ? `[seed] audit chain verified up to event #${verification.toEventId} (${verification.checked} events)`
        : `[seed] audit chain broken at event #${verification.brokenAt}`,
    );
  }
} catch (e) {
  console.error("[seed] failed:", e);
  code = 1;
} finally {
  await db.$disconnect();
  await services.stop();
}
process.exit(code);
