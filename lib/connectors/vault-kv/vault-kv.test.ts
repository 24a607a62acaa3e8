// The Vault KV v2 connector against Keyward's own Vault-compatible API, served over real HTTP by
// tests/vault-harness.ts, with a workload token whose policy allows list and read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ROOT_KEY, makeWorkload } from "@/lib/domain/vault/testing";
import { db } from "@/lib/db";
import { putSecretValue } from "@/lib/domain/vault/service";
import { makeTeam, uid } from "@/lib/testing/fixtures";
import { startVaultHarness } from "@/tests/vault-harness";
import { makeConnector, runConnector, sys } from "../testing";

void TEST_ROOT_KEY;
let harness: Awaited<ReturnType<typeof startVaultHarness>>;
beforeAll(async () => {
  harness = await startVaultHarness();
});
afterAll(async () => {
  await harness.close();
  await db.$disconnect();
});

describe("vault-kv connector", () => {
  it("walks every path under the prefix and records each as a vaulted inventory secret (metadata only)", async () => {
    const team = await makeTeam();
    const owner = await makeTeam();
    const base = `dev/${team.slug}`;
    const paths = [`${base}/api/stripe-key`, `${base}/api/db/password`, `${base}/worker/token`];
    for (const p of paths) await putSecretValue(sys, { path: p, value: `value-${uid()}` });
    await putSecretValue(sys, { path: `${base}/api/stripe-key`, value: `value-${uid()}` }); // version 2
    const { token } = await makeWorkload([{ path: `${base}/*`, capabilities: ["list", "read"], effect: "allow" }], { teamId: team.id });

    const c = await makeConnector({
      kind: "vault-kv",
      config: { address: harness.url, mount: "secret", prefix: base, environment: "dev" },
      credentials: { token },
      ownerTeamId: owner.id,
    });
    const { run, connector } = await runConnector(c.id);
    expect(run.status).toBe("succeeded");
    expect(run.stats).toMatchObject({ paths: 3, secretsCreated: 3 });
    const backend = await db.backend.findUniqueOrThrow({ where: { id: connector.backendId! } });
    expect(backend.kind).toBe("vault_kv");
    const found = await db.secret.findMany({ where: { backendId: backend.id }, orderBy: { externalRef: "asc" } });
    expect(found.map((s) => s.externalRef)).toEqual(paths.map((p) => `secret/${p}`).sort());
    expect(found.every((s) => s.vaulted && s.ownerTeamId === owner.id && s.environment === "dev" && s.tags.includes("discovered"))).toBe(true);
    const stripe = found.find((s) => s.externalRef!.endsWith("stripe-key"))!;
    expect(stripe.name).toBe("stripe-key");
    expect(stripe.lastRotatedAt).not.toBeNull();
    // Metadata only: no version rows (no values) were created for the discovered entries.
    expect(await db.secretVersion.count({ where: { secretId: { in: found.map((s) => s.id) } } })).toBe(0);

    // A second run refreshes instead of duplicating.
    const again = await runConnector(c.id);
    expect(again.run.stats).toMatchObject({ secretsCreated: 0, secretsUpdated: 3 });
    expect(await db.secret.count({ where: { backendId: backend.id } })).toBe(3);
  });

  it("a token without list rights fails the run with Vault's error", async () => {
    const team = await makeTeam();
    const { token } = await makeWorkload([{ path: `dev/${team.slug}/*`, capabilities: ["read"], effect: "allow" }], { teamId: team.id });
    const c = await makeConnector({ kind: "vault-kv", config: { address: harness.url, prefix: `dev/${team.slug}` }, credentials: { token } });
    const { jobRun, connector } = await runConnector(c.id, { expectFailure: true });
    expect(jobRun.status).toBe("failed");
    expect(connector.lastError).toMatch(/403/);
  });
});
