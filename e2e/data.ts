// What the browser tests sign in with and look for. No server imports: specs load this too.
// e2e/seed.ts creates it all (on top of the demo organisation from prisma/seed-lib.ts).
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoEmail } from "../prisma/demo-accounts.ts";
import { SSO_ACCOUNTS } from "./sso-accounts.ts";

export type TDemoKey = "admin" | "security" | "owner" | "dev" | "auditor" | "manager";

export const demo = Object.fromEntries(
  DEMO_ACCOUNTS.map((a) => [a.key, { email: demoEmail(a.key), password: DEMO_PASSWORD, role: a.role, name: a.name, teams: a.teams }]),
) as Record<TDemoKey, { email: string; password: string; role: string; name: string; teams: string[] }>;

/** Password of the accounts below that sign in with a password. */
export const E2E_PASSWORD = "e2e-password-2026!";

/** Gets locked out by the lockout spec (nobody else signs in with it). */
export const lockoutUser = { email: "lockout@e2e.keyward.test", name: "Lockout Larry", role: "developer" as const };
/** Signs in with a wrong password once (kept apart from the lockout account). */
export const wrongPasswordUser = { email: "typo@e2e.keyward.test", name: "Typo Tina", role: "developer" as const };
/** Invited (no password), activated by the OIDC spec's single sign-on. */
export const ssoUser = { email: SSO_ACCOUNTS.invited.email, name: SSO_ACCOUNTS.invited.name, role: "app_owner" as const, team: "payments" };

/** A team Dev Dana is not in, and its secret she may not change. */
export const otherTeam = { slug: "e2e-other", name: "E2E Other Team" };
export const otherSecret = { name: "e2e-other-db-password", environment: "prod" as const, type: "password" as const };

/** Uniquely named inventory rows in the payments team: filters and sorting assert on these. */
export const invPrefix = "e2e-inv-";
export const invSecrets = [
  { name: "e2e-inv-stripe-key", type: "api_key", environment: "prod", classification: "highly_sensitive" },
  { name: "e2e-inv-ledger-db-password", type: "password", environment: "prod", classification: "sensitive" },
  { name: "e2e-inv-webhook-signing", type: "webhook_secret", environment: "staging", classification: "sensitive" },
  { name: "e2e-inv-sandbox-token", type: "token", environment: "dev", classification: "standard" },
  { name: "e2e-inv-analytics-key", type: "api_key", environment: "staging", classification: "standard" },
] as const;
