// Data for the browser tests, in the database named by DATABASE_URL (scripts/test.ts runs this
// with --conditions=react-server against its fresh test database):
// the demo organisation (prisma/seed-lib.ts) plus the accounts and rows in e2e/data.ts, made
// through the domain functions like any other change, so they are audited.
import { systemActor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { createSecret } from "@/lib/domain/inventory/service";
import { inviteUser } from "@/lib/domain/users/service";
import { seedDemo } from "../prisma/seed-lib.ts";
import { E2E_PASSWORD, demo, invSecrets, lockoutUser, otherSecret, otherTeam, ssoUser, wrongPasswordUser } from "./data.ts";

const actor = systemActor("e2e-seed");
const started = Date.now();

const res = await seedDemo(db, { secrets: Number(process.env.E2E_SEED_SECRETS ?? 1500) });
console.log(`[e2e-seed] demo organisation: ${res.skipped ? "already there" : `${res.teams} teams, ${res.users} users, ${res.secrets} secrets, ${res.connectors} connectors, ${res.findings} findings`}`);

const payments = await db.team.findUniqueOrThrow({ where: { slug: "payments" } });
const other = await db.team.upsert({ where: { slug: otherTeam.slug }, update: {}, create: { slug: otherTeam.slug, name: otherTeam.name } });
const backend = await db.backend.findFirstOrThrow({ where: { kind: "keyward" } });

async function invite(input: { email: string; name: string; role: string; teamIds?: string[]; password?: string }) {
  if (await db.user.findUnique({ where: { email: input.email } })) return;
  await inviteUser(actor, { teamIds: [], ...input });
}

await invite({ ...lockoutUser, password: E2E_PASSWORD, teamIds: [payments.id] });
await invite({ ...wrongPasswordUser, password: E2E_PASSWORD, teamIds: [payments.id] });
await invite({ email: ssoUser.email, name: ssoUser.name, role: ssoUser.role, teamIds: [payments.id] });

async function secret(input: { name: string; type: string; environment: string; classification: string; ownerTeamId: string }) {
  if (await db.secret.findFirst({ where: { name: input.name } })) return;
  await createSecret(actor, { ...input, backendId: backend.id, description: "Created by the browser tests' seed." });
}

for (const s of invSecrets) await secret({ ...s, ownerTeamId: payments.id });
await secret({ ...otherSecret, classification: "highly_sensitive", ownerTeamId: other.id });

// Sanity: the demo sign-ins the specs use exist.
for (const account of Object.values(demo)) await db.user.findUniqueOrThrow({ where: { email: account.email } });

console.log(`[e2e-seed] done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
await db.$disconnect();
