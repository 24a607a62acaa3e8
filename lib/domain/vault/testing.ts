// Vault test helpers. Every test process shares one database, so they share one root key too.
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { makeTeam, uid } from "@/lib/testing/fixtures";
import { attachPolicy, createPolicy } from "./access";
import { createWorkloadIdentity, loginWithClientSecret } from "./identities";
import { systemActor } from "@/lib/authz/authorize";
import type { TRule } from "./policy";

export const TEST_ROOT_KEY = createHash("sha256").update("keyward vault test root key").digest("base64");
process.env.KEYWARD_ROOT_KEY = TEST_ROOT_KEY;

export async function makeApp(teamId?: string) {
  const team = teamId ? await db.team.findUniqueOrThrow({ where: { id: teamId } }) : await makeTeam();
  const name = `app-${uid()}`;
  const app = await db.application.create({ data: { name, slug: name, ownerTeamId: team.id, environments: ["dev", "prod"] } });
  return { team, app };
}

/** A workload identity with a policy of `rules`, logged in; returns its token. */
export async function makeWorkload(rules: TRule[], opts: { teamId?: string; environment?: "dev" | "prod"; ttl?: number; maxTtl?: number } = {}) {
  const { team, app } = await makeApp(opts.teamId);
  const admin = systemActor("test");
  const identity = await createWorkloadIdentity(admin, {
    applicationId: app.id,
    environment: opts.environment ?? "prod",
    tokenTtlSeconds: opts.ttl ?? 3600,
    tokenMaxTtlSeconds: opts.maxTtl ?? 86_400,
  });
  const policy = await createPolicy(admin, { name: `p-${uid()}`, rules });
  await attachPolicy(admin, { policyId: policy.id, identityId: identity.id });
  const login = await loginWithClientSecret({ role_id: identity.clientId, secret_id: identity.clientSecret }, { ip: `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });
  return { team, app, identity, policy, token: login.token, login };
}
