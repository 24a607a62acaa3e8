import { beforeAll, describe, expect, it } from "vitest";
import "./testing";
import { systemActor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { makeActor, makeTeam, uid } from "@/lib/testing/fixtures";
import { attachPolicy, createGrant, createPolicy, simulateAccess } from "./access";
import { authenticateWorkloadToken, loginWithClientSecret, renewToken, revokeOwnToken, revokeTokenByAccessor } from "./identities";
import { rewrapAll } from "./keys";
import {
  destroyVersions,
  listVersions,
  putSecretValue,
  readSecretValue,
  recoverVersions,
  rollbackSecret,
  rotateKeyEncryptionKey,
  softDeleteVersions,
} from "./service";
import { makeWorkload } from "./testing";

const admin = systemActor("test");

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    if (e instanceof AppError) return e.status;
    throw e;
  }
}

async function auditCount(action: string, targetId?: string) {
  return db.auditEvent.count({ where: { action, ...(targetId ? { targetId } : {}) } });
}

describe("workload put and read", () => {
  it("stores versions with stages and returns the current value with an ETag", async () => {
    const { team, token } = await makeWorkload([{ path: "prod/+/svc/*", capabilities: ["read", "create", "update", "list"], effect: "allow" }]);
    const { actor } = await authenticateWorkloadToken(token, { ip: "10.1.1.1" });
    const path = `prod/${team.slug}/svc/db-password`;
    const v1 = await putSecretValue(actor, { path, value: "first-" + uid() });
    expect(v1.version).toBe(1);
    const second = "second-" + uid();
    const v2 = await putSecretValue(actor, { path, value: second });
    expect(v2.version).toBe(2);
    const read = await readSecretValue(actor, { path });
    expect(read.notModified).toBe(false);
    if (read.notModified) return;
    expect(read.value).toBe(second);
    expect(read.version).toBe(2);
    expect(read.etag).toBe(`"${v2.secretId}.2"`);
    expect((await readSecretValue(actor, { path }, "api", { ifNoneMatch: read.etag })).notModified).toBe(true);
    const hist = await listVersions(actor, { path });
    expect(hist.versions.map((v) => [v.version, v.stage])).toEqual([[2, "current"], [1, "previous"]]);
    expect(JSON.stringify(hist)).not.toContain(second);
    expect(await auditCount("secret.value_read", v2.secretId)).toBe(1);
    // Previous stage by name, and a pending version does not replace current.
    const prev = await readSecretValue(actor, { path, stage: "previous" });
    expect(!prev.notModified && prev.version).toBe(1);
    await putSecretValue(actor, { path, value: "pending-" + uid(), stage: "pending" });
    const cur = await readSecretValue(actor, { path });
    expect(!cur.notModified && cur.version).toBe(2);
  });

  it("check-and-set refuses a stale writer", async () => {
    const { team, token } = await makeWorkload([{ path: "prod/*", capabilities: ["create", "update"], effect: "allow" }]);
    const { actor } = await authenticateWorkloadToken(token);
    const path = `prod/${team.slug}/svc/cas`;
    await putSecretValue(actor, { path, value: "a", cas: 0 });
    expect(await status(putSecretValue(actor, { path, value: "b", cas: 0 }))).toBe(409);
    expect(await status(putSecretValue(actor, { path, value: "b", cas: 1 }))).toBe(200);
  });
});

describe("identity and policy refusals", () => {
  it("wrong client secret is 403 and audited; unknown client too", async () => {
    const w = await makeWorkload([{ path: "dev/*", capabilities: ["read"], effect: "allow" }]);
    const before = await auditCount("workload.login_denied");
    expect(await status(loginWithClientSecret({ role_id: w.identity.clientId, secret_id: "kw_cs_wrong" }, { ip: "10.9.9.1" }))).toBe(403);
    expect(await status(loginWithClientSecret({ role_id: "nobody", secret_id: "kw_cs_wrong" }, { ip: "10.9.9.2" }))).toBe(403);
    expect(await auditCount("workload.login_denied")).toBe(before + 2);
  });

  it("expired and revoked tokens are 401", async () => {
    const w = await makeWorkload([{ path: "dev/*", capabilities: ["read"], effect: "allow" }]);
    await db.accessToken.updateMany({ where: { accessor: w.login.accessor }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(authenticateWorkloadToken(w.token)).rejects.toThrow(/expired/);
    expect(await status(authenticateWorkloadToken(w.token))).toBe(401);

    const w2 = await makeWorkload([{ path: "dev/*", capabilities: ["read"], effect: "allow" }]);
    await revokeOwnToken(w2.token);
    await expect(authenticateWorkloadToken(w2.token)).rejects.toThrow(/revoked/);

    const w3 = await makeWorkload([{ path: "dev/*", capabilities: ["read"], effect: "allow" }]);
    await revokeTokenByAccessor(admin, w3.login.accessor);
    expect(await status(authenticateWorkloadToken(w3.token))).toBe(401);
    expect(await status(authenticateWorkloadToken("kw_wt_" + "x".repeat(43)))).toBe(401);
  });

  it("renewal extends up to the max TTL, never past it", async () => {
    const w = await makeWorkload([{ path: "dev/*", capabilities: ["read"], effect: "allow" }], { ttl: 600, maxTtl: 900 });
    await db.accessToken.updateMany({ where: { accessor: w.login.accessor }, data: { expiresAt: new Date(Date.now() + 60_000) } });
    const r = await renewToken(w.token);
    expect(r.expiresAt.getTime()).toBeGreaterThan(Date.now() + 500_000);
    expect(r.expiresAt.getTime()).toBeLessThanOrEqual(r.maxExpiresAt.getTime());
    await db.accessToken.updateMany({ where: { accessor: w.login.accessor }, data: { maxExpiresAt: new Date(Date.now() + 120_000) } });
    const r2 = await renewToken(w.token);
    expect(r2.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 120_000);
  });

  it("another team's path and a deny rule are 403, audited with the deciding rule", async () => {
    const other = await makeTeam();
    const w = await makeWorkload([
      { path: "prod/+/svc/*", capabilities: ["read", "create", "update"], effect: "allow" },
      { path: "prod/+/svc/root-*", capabilities: ["read", "create", "update"], effect: "deny" },
    ]);
    const { actor } = await authenticateWorkloadToken(w.token);
    await putSecretValue(admin, { path: `prod/${other.slug}/other-app/key`, value: "x-" + uid() });
    expect(await status(readSecretValue(actor, { path: `prod/${other.slug}/other-app/key` }))).toBe(403);
    expect(await status(putSecretValue(actor, { path: `prod/${w.team.slug}/svc/root-password`, value: "y" }))).toBe(403);
    const denied = await db.auditEvent.findFirst({ where: { action: "secret.access_denied", actorId: w.identity.id }, orderBy: { id: "desc" } });
    expect(JSON.stringify(denied?.after)).toMatch(/denied by policy/);
    const sim = await simulateAccess(admin, { identityId: w.identity.id, path: `prod/${w.team.slug}/svc/root-password`, capability: "update" });
    expect(sim.allowed).toBe(false);
    expect(sim.decidedBy?.path).toBe("prod/+/svc/root-*");
    const sim2 = await simulateAccess(admin, { identityId: w.identity.id, path: `prod/${w.team.slug}/svc/api-key`, capability: "read" });
    expect(sim2.allowed).toBe(true);
    expect(sim2.decidedBy?.source).toMatchObject({ kind: "policy", ruleIndex: 0, attachedTo: "identity" });
  });

  it("team-attached policies apply to the team's application identities", async () => {
    const w = await makeWorkload([{ path: "dev/nothing", capabilities: ["read"], effect: "allow" }]);
    const path = `prod/${w.team.slug}/shared/token`;
    await putSecretValue(admin, { path, value: "t-" + uid() });
    const { actor } = await authenticateWorkloadToken(w.token);
    expect(await status(readSecretValue(actor, { path }))).toBe(403);
    const pol = await createPolicy(admin, { name: `team-${uid()}`, rules: [{ path: `prod/${w.team.slug}/shared/*`, capabilities: ["read"] }] });
    await attachPolicy(admin, { policyId: pol.id, teamId: w.team.id });
    expect(await status(readSecretValue(actor, { path }))).toBe(200);
  });
});

describe("people", () => {
  it("a developer writes a prod value of their team but can never read it back, even with a grant", async () => {
    const { actor, teamIds, user } = await makeActor("developer");
    const team = await db.team.findUniqueOrThrow({ where: { id: teamIds[0] } });
    const path = `prod/${team.slug}/api/stripe-key`;
    const w = await putSecretValue(actor, { path, value: "sk_live_" + uid() });
    expect(w.version).toBe(1);
    await createGrant(admin, { principalType: "user", principalId: user.id, secretId: w.secretId, capabilities: ["read"], reason: "test grant for developer" });
    expect(await status(readSecretValue(actor, { path, reason: "debugging prod" }))).toBe(403);
    const ev = await db.auditEvent.findFirst({ where: { action: "secret.access_denied", actorId: user.id }, orderBy: { id: "desc" } });
    expect(JSON.stringify(ev?.after)).toContain("write-only");
    // Dev values of their team: readable with a grant and a reason.
    const devPath = `dev/${team.slug}/api/stripe-key`;
    const d = await putSecretValue(actor, { path: devPath, value: "sk_test_x" });
    expect(await status(readSecretValue(actor, { path: devPath, reason: "local testing" }))).toBe(403); // no grant yet
    await createGrant(admin, { principalType: "user", principalId: user.id, secretId: d.secretId, capabilities: ["read"], reason: "local testing" });
    expect(await status(readSecretValue(actor, { path: devPath }))).toBe(400); // reason required
    const r = await readSecretValue(actor, { path: devPath, reason: "local testing" }, "console");
    expect(!r.notModified && r.value).toBe("sk_test_x");
  });

  it("a developer may not write another team's secret; an auditor never reads values", async () => {
    const { actor } = await makeActor("developer");
    const other = await makeTeam();
    expect(await status(putSecretValue(actor, { path: `dev/${other.slug}/x/y`, value: "v" }))).toBe(403);
    const s = await putSecretValue(admin, { path: `dev/${other.slug}/x/y`, value: "v" });
    const { actor: auditor, user } = await makeActor("auditor");
    await createGrant(admin, { principalType: "user", principalId: user.id, secretId: s.secretId, capabilities: ["read"], reason: "should not matter" });
    expect(await status(readSecretValue(auditor, { path: `dev/${other.slug}/x/y`, reason: "curious" }))).toBe(403);
  });

  it("an expired grant no longer allows a read", async () => {
    const { actor, user, teamIds } = await makeActor("app_owner");
    const team = await db.team.findUniqueOrThrow({ where: { id: teamIds[0] } });
    const s = await putSecretValue(actor, { path: `prod/${team.slug}/a/b`, value: "v" });
    const g = await createGrant(admin, { principalType: "user", principalId: user.id, secretId: s.secretId, capabilities: ["read"], reason: "incident 42", expiresAt: new Date(Date.now() + 60_000) });
    expect(await status(readSecretValue(actor, { secretId: s.secretId, reason: "incident 42" }))).toBe(200);
    await db.grant.update({ where: { id: g.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await status(readSecretValue(actor, { secretId: s.secretId, reason: "incident 42" }))).toBe(403);
  });
});

describe("tampering", () => {
  it("a ciphertext copied onto another row, or a flipped byte, fails clearly and is audited", async () => {
    const team = await makeTeam();
    const a = await putSecretValue(admin, { path: `prod/${team.slug}/t/a`, value: "value-a" });
    const b = await putSecretValue(admin, { path: `prod/${team.slug}/t/b`, value: "value-b" });
    const rowA = await db.secretVersion.findUniqueOrThrow({ where: { secretId_version: { secretId: a.secretId, version: 1 } } });
    await db.secretVersion.update({
      where: { secretId_version: { secretId: b.secretId, version: 1 } },
      data: { ciphertext: rowA.ciphertext, nonce: rowA.nonce, wrappedKey: rowA.wrappedKey },
    });
    await expect(readSecretValue(admin, { path: `prod/${team.slug}/t/b` })).rejects.toThrow(/integrity check/);
    expect(await auditCount("secret.integrity_failure", b.secretId)).toBe(1);
    // Flip one byte of a's ciphertext.
    const flipped = Buffer.from(rowA.ciphertext!);
    flipped[0] ^= 0xff;
    await db.secretVersion.update({ where: { id: rowA.id }, data: { ciphertext: new Uint8Array(flipped) } });
    const err = await readSecretValue(admin, { path: `prod/${team.slug}/t/a` }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.message).toMatch(/ciphertext was altered/);
    expect(err.message).not.toContain("value-a");
    expect(await auditCount("secret.integrity_failure", a.secretId)).toBe(1);
  });
});

describe("versions", () => {
  it("rolls back, soft-deletes, recovers and destroys (crypto-erase)", async () => {
    const team = await makeTeam();
    const path = `dev/${team.slug}/v/key`;
    await putSecretValue(admin, { path, value: "one" });
    await putSecretValue(admin, { path, value: "two" });
    const rb = await rollbackSecret(admin, { path, version: 1 });
    expect(rb.version).toBe(3);
    const r = await readSecretValue(admin, { path });
    expect(!r.notModified && r.value).toBe("one");
    await softDeleteVersions(admin, { path, versions: [3] });
    expect(await status(readSecretValue(admin, { path }))).toBe(404);
    await recoverVersions(admin, { path, versions: [3] });
    expect(await status(readSecretValue(admin, { path }))).toBe(200);
    await destroyVersions(admin, { path, versions: [2] });
    const row = await db.secretVersion.findFirstOrThrow({ where: { secret: { path }, version: 2 } });
    expect(row.wrappedKey).toBeNull();
    expect(row.ciphertext).toBeNull();
    expect(row.destroyedAt).not.toBeNull();
    expect(await status(readSecretValue(admin, { path, version: 2 }))).toBe(404);
    expect(await status(recoverVersions(admin, { path, versions: [2] }))).toBe(200);
    expect(await status(readSecretValue(admin, { path, version: 2 }))).toBe(404);
  });
});

describe("key rotation", () => {
  let paths: string[] = [];
  beforeAll(async () => {
    const team = await makeTeam();
    paths = [];
    for (let i = 0; i < 30; i++) {
      const p = `dev/${team.slug}/rot/k${i}`;
      await putSecretValue(admin, { path: p, value: `v${i}` });
      paths.push(p);
    }
  });

  it("re-wraps every data key while concurrent reads never fail", async () => {
    const rot = await rotateKeyEncryptionKey(admin, { enqueue: false });
    let reading = true;
    let reads = 0;
    const failures: unknown[] = [];
    const readers = Array.from({ length: 4 }, async (_, n) => {
      while (reading) {
        const i = (reads + n) % paths.length;
        try {
          const r = await readSecretValue(admin, { path: paths[i] });
          if (r.notModified || r.value !== `v${i}`) failures.push(`wrong value at ${i}`);
        } catch (e) {
          failures.push(e);
        }
        reads++;
      }
    });
    const progress: number[] = [];
    const result = await rewrapAll(rot.keyVersionId, async (done) => void progress.push(done), 7);
    reading = false;
    await Promise.all(readers);
    expect(failures).toEqual([]);
    expect(reads).toBeGreaterThan(10);
    expect(result.rewrapped).toBeGreaterThanOrEqual(30);
    expect(progress.length).toBeGreaterThan(1);
    const ours = await db.secretVersion.count({ where: { secret: { path: { in: paths } }, keyVersionId: { not: rot.keyVersionId } } });
    expect(ours).toBe(0);
    // Only rows that do not unwrap (the tampering test's) are left behind, and reported.
    const left = await db.secretVersion.findMany({ where: { keyVersionId: { not: rot.keyVersionId }, wrappedKey: { not: null } }, select: { id: true } });
    expect(left.map((r) => r.id).sort()).toEqual([...result.failed].sort());
    const v = await db.secretVersion.findFirstOrThrow({ where: { secret: { path: paths[0] } }, include: { keyVersion: true } });
    expect(v.keyVersion.number).toBe(rot.keyVersion);
    const r = await readSecretValue(admin, { path: paths[3] });
    expect(!r.notModified && r.value).toBe("v3");
  });
});
