import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import vault from "node-vault";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "@/lib/domain/vault/testing";
import { systemActor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { attachPolicy, createPolicy } from "@/lib/domain/vault/access";
import { createWorkloadIdentity } from "@/lib/domain/vault/identities";
import { makeApp, makeWorkload } from "@/lib/domain/vault/testing";
import { uid } from "@/lib/testing/fixtures";
import { startVaultHarness } from "./vault-harness";

// The vault's HTTP surface driven by node-vault, an existing Vault client library from npm.

let harness: Awaited<ReturnType<typeof startVaultHarness>>;
beforeAll(async () => {
  harness = await startVaultHarness();
});
afterAll(() => harness.close());

const admin = systemActor("test");

describe("Vault KV v2 compatibility (node-vault)", () => {
  it("AppRole login, write, read, versions, metadata, list, delete and undelete", async () => {
    const { team, app } = await makeApp();
    const id = await createWorkloadIdentity(admin, { applicationId: app.id, environment: "prod" });
    const pol = await createPolicy(admin, { name: `nv-${uid()}`, rules: [{ path: `prod/${team.slug}/*`, capabilities: ["read", "create", "update", "list", "delete"] }] });
    await attachPolicy(admin, { policyId: pol.id, identityId: id.id });

    const client = vault({ apiVersion: "v1", endpoint: harness.url });
    const login = await client.approleLogin({ role_id: id.clientId, secret_id: id.clientSecret });
    expect(login.auth.client_token).toMatch(/^kw_wt_/);
    expect(login.auth.lease_duration).toBe(3600);
    expect(client.token).toBe(login.auth.client_token);

    const p = `secret/data/prod/${team.slug}/billing/db`;
    const w1 = await client.write(p, { data: { username: "billing", password: "pw-one" } });
    expect(w1.data.version).toBe(1);
    await client.write(p, { data: { username: "billing", password: "pw-two" } });
    const r = await client.read(p);
    expect(r.data.data).toEqual({ username: "billing", password: "pw-two" });
    expect(r.data.metadata.version).toBe(2);
    const old = await client.read(`${p}?version=1`);
    expect(old.data.data.password).toBe("pw-one");

    const meta = await client.read(`secret/metadata/prod/${team.slug}/billing/db`);
    expect(meta.data.current_version).toBe(2);
    expect(Object.keys(meta.data.versions).sort()).toEqual(["1", "2"]);
    expect(JSON.stringify(meta)).not.toContain("pw-");

    const list = await client.read(`secret/metadata/prod/${team.slug}?list=true`);
    expect(list.data.keys).toEqual(["billing/"]);

    await client.delete(p);
    await expect(client.read(p)).rejects.toMatchObject({ response: { statusCode: 404 } });
    await client.write(`secret/undelete/prod/${team.slug}/billing/db`, { versions: [2] });
    expect((await client.read(p)).data.data.password).toBe("pw-two");

    // Check-and-set through options.cas.
    await expect(client.write(p, { data: { password: "x" }, options: { cas: 1 } })).rejects.toMatchObject({ response: { statusCode: 409 } });

    const look = await client.tokenLookupSelf();
    expect(look.data.display_name).toBe(`${app.slug}-prod`);
    const renewed = await client.tokenRenewSelf();
    expect(renewed.auth.lease_duration).toBeGreaterThan(3000);
    expect(client.token).toBe(login.auth.client_token);
  });

  it("refuses with Vault's status codes: bad token 403, other path 403, missing 404, revoked 403", async () => {
    const w = await makeWorkload([{ path: "prod/+/only/*", capabilities: ["read"], effect: "allow" }]);
    const client = vault({ apiVersion: "v1", endpoint: harness.url, token: w.token });
    await expect(client.read(`secret/data/prod/${w.team.slug}/other/x`)).rejects.toMatchObject({ response: { statusCode: 403 } });
    await expect(client.read(`secret/data/prod/${w.team.slug}/only/missing`)).rejects.toMatchObject({ response: { statusCode: 404 } });
    await expect(client.write(`secret/data/prod/${w.team.slug}/only/x`, { data: { a: "b" } })).rejects.toMatchObject({ response: { statusCode: 403 } });
    const bad = vault({ apiVersion: "v1", endpoint: harness.url, token: "kw_wt_" + "A".repeat(43) });
    await expect(bad.read(`secret/data/prod/${w.team.slug}/only/x`)).rejects.toMatchObject({ response: { statusCode: 403 } });
    await client.tokenRevokeSelf();
    await expect(client.read(`secret/data/prod/${w.team.slug}/only/x`)).rejects.toMatchObject({ response: { statusCode: 403 } });
    await expect(vault({ apiVersion: "v1", endpoint: harness.url }).approleLogin({ role_id: w.identity.clientId, secret_id: "kw_cs_nope" })).rejects.toMatchObject({
      response: { statusCode: 403 },
    });
  });
});

describe("Vault KV v2 patch, delete and metadata (node-vault)", () => {
  // node-vault's update() sends PATCH with Content-Type application/merge-patch+json (it is
  // missing from the library's type declarations, hence the cast).
  type TPatcher = { update: (path: string, data: unknown) => Promise<{ data: { version: number } }> };

  it("patches with a merge patch (null removes a key) into a new version, honouring options.cas", async () => {
    const w = await makeWorkload([{ path: "prod/+/patch/*", capabilities: ["read", "create", "update"], effect: "allow" }]);
    const client = vault({ apiVersion: "v1", endpoint: harness.url, token: w.token });
    const p = `secret/data/prod/${w.team.slug}/patch/db`;
    await client.write(p, { data: { username: "svc", password: "pw-1", region: "eu" } });
    const patched = await (client as unknown as TPatcher).update(p, { data: { password: "pw-2", region: null } });
    expect(patched.data.version).toBe(2);
    const r = await client.read(p);
    expect(r.data.data).toEqual({ username: "svc", password: "pw-2" });
    expect(r.data.metadata.version).toBe(2);
    // Version 1 is untouched.
    expect((await client.read(`${p}?version=1`)).data.data).toEqual({ username: "svc", password: "pw-1", region: "eu" });

    await expect((client as unknown as TPatcher).update(p, { data: { password: "x" }, options: { cas: 1 } })).rejects.toMatchObject({ response: { statusCode: 409 } });
    expect((await (client as unknown as TPatcher).update(p, { data: { password: "pw-3" }, options: { cas: 2 } })).data.version).toBe(3);
    expect((await client.read(p)).data.data).toEqual({ username: "svc", password: "pw-3" });
    // Removing every key would leave nothing: refused, no new version.
    await expect((client as unknown as TPatcher).update(p, { data: { username: null, password: null } })).rejects.toMatchObject({ response: { statusCode: 400 } });
    // A patch of a path with no secret is "not found", as in Vault.
    await expect((client as unknown as TPatcher).update(`secret/data/prod/${w.team.slug}/patch/missing`, { data: { a: "b" } })).rejects.toMatchObject({ response: { statusCode: 404 } });

    // Plain JSON is refused (415), as Vault does; node-vault always sends the right type.
    const plain = await fetch(`${harness.url}/v1/${p}`, { method: "PATCH", headers: { "x-vault-token": w.token, "content-type": "application/json" }, body: JSON.stringify({ data: { a: "b" } }) });
    expect(plain.status).toBe(415);

    // The audit trail records the patch without any value.
    const secret = await db.secret.findUniqueOrThrow({ where: { path: `prod/${w.team.slug}/patch/db` } });
    const writes = await db.auditEvent.findMany({ where: { targetId: secret.id, action: "secret.value_write" }, orderBy: { id: "asc" } });
    expect(writes.map((e) => (e.after as { version: number }).version)).toEqual([1, 2, 3]);
    expect(writes[1].after).toMatchObject({ patchedFrom: 1, keysSet: 1, keysRemoved: 1, via: "vault" });
    expect(JSON.stringify(writes.map((e) => e.after))).not.toContain("pw-");

    // Patching needs "update": a read-only workload is refused.
    const ro = await makeWorkload([{ path: `prod/${w.team.slug}/patch/*`, capabilities: ["read"], effect: "allow" }], { teamId: w.team.id });
    const roClient = vault({ apiVersion: "v1", endpoint: harness.url, token: ro.token });
    await expect((roClient as unknown as TPatcher).update(p, { data: { password: "stolen" } })).rejects.toMatchObject({ response: { statusCode: 403 } });
  });

  it("DELETE of data soft-deletes the current version once; metadata shows Vault's shape and custom metadata", async () => {
    const w = await makeWorkload([{ path: "prod/+/meta/*", capabilities: ["read", "create", "update", "delete"], effect: "allow" }]);
    const client = vault({ apiVersion: "v1", endpoint: harness.url, token: w.token });
    const p = `secret/data/prod/${w.team.slug}/meta/api`;
    const m = `secret/metadata/prod/${w.team.slug}/meta/api`;
    await client.write(p, { data: { key: "k-1" } });
    await client.write(p, { data: { key: "k-2" } });
    await client.delete(p);
    await client.delete(p); // again: nothing more is deleted (Vault deletes the latest version only)
    await expect(client.read(p)).rejects.toMatchObject({ response: { statusCode: 404 } });
    expect((await client.read(`${p}?version=1`)).data.data.key).toBe("k-1");

    const meta = (await client.read(m)).data;
    expect(meta).toMatchObject({ current_version: 2, cas_required: false, max_versions: 0, delete_version_after: "0s", custom_metadata: null });
    expect(Date.parse(meta.created_time)).not.toBeNaN();
    expect(Date.parse(meta.updated_time)).not.toBeNaN();
    expect(Object.keys(meta.versions).sort()).toEqual(["1", "2"]);
    expect(meta.versions["1"]).toMatchObject({ deletion_time: "", destroyed: false });
    expect(Date.parse(meta.versions["1"].created_time)).not.toBeNaN();
    expect(Date.parse(meta.versions["2"].deletion_time)).not.toBeNaN();
    expect(meta.versions["2"].destroyed).toBe(false);

    // Custom metadata round-trips (kept as key=value tags); limits Keyward lacks are refused.
    await client.write(m, { custom_metadata: { owner: "payments", tier: "gold" } });
    expect((await client.read(m)).data.custom_metadata).toEqual({ owner: "payments", tier: "gold" });
    expect((await db.secret.findUniqueOrThrow({ where: { path: `prod/${w.team.slug}/meta/api` } })).tags.sort()).toEqual(["owner=payments", "tier=gold"]);
    await expect(client.write(m, { max_versions: 5 })).rejects.toMatchObject({ response: { statusCode: 400 } });
    await expect(client.write(m, { custom_metadata: { "bad key": "x" } })).rejects.toMatchObject({ response: { statusCode: 400 } });
  });

  it("DELETE of metadata destroys every version and removes the secret; a new write starts again at version 1", async () => {
    const w = await makeWorkload([{ path: "prod/+/gone/*", capabilities: ["read", "create", "update", "delete"], effect: "allow" }]);
    const client = vault({ apiVersion: "v1", endpoint: harness.url, token: w.token });
    const path = `prod/${w.team.slug}/gone/token`;
    await client.write(`secret/data/${path}`, { data: { t: "gone-1" } });
    await client.write(`secret/data/${path}`, { data: { t: "gone-2" } });
    const secret = await db.secret.findUniqueOrThrow({ where: { path } });

    // Needs "delete": a workload with read and update only is refused and nothing changes.
    const noDelete = await makeWorkload([{ path: `prod/${w.team.slug}/gone/*`, capabilities: ["read", "update"], effect: "allow" }], { teamId: w.team.id });
    await expect(vault({ apiVersion: "v1", endpoint: harness.url, token: noDelete.token }).delete(`secret/metadata/${path}`)).rejects.toMatchObject({ response: { statusCode: 403 } });
    expect(await db.secretVersion.count({ where: { secretId: secret.id, destroyedAt: null } })).toBe(2);

    await client.delete(`secret/metadata/${path}`);
    await expect(client.read(`secret/data/${path}`)).rejects.toMatchObject({ response: { statusCode: 404 } });
    await expect(client.read(`secret/metadata/${path}`)).rejects.toMatchObject({ response: { statusCode: 404 } });
    expect(await db.secret.findUnique({ where: { id: secret.id } })).toBeNull();
    expect(await db.secretVersion.count({ where: { secretId: secret.id } })).toBe(0);
    const destroy = await db.auditEvent.findFirstOrThrow({ where: { targetId: secret.id, action: "secret.value_destroy" } });
    expect(destroy.after).toMatchObject({ versions: [1, 2], changed: 2, via: "vault-metadata-delete" });
    expect(await db.auditEvent.count({ where: { targetId: secret.id, action: "secret.delete" } })).toBe(1);
    expect((await client.write(`secret/data/${path}`, { data: { t: "again" } })).data.version).toBe(1);
  });

  it("DELETE of metadata on an inventory entry of another backend erases Keyward's copies but keeps the entry", async () => {
    const w = await makeWorkload([{ path: "prod/+/ext/*", capabilities: ["read", "create", "update", "delete"], effect: "allow" }]);
    const aws = await db.backend.create({ data: { name: `aws-${uid()}`, kind: "aws_sm" } });
    const path = `prod/${w.team.slug}/ext/key`;
    const s = await db.secret.create({ data: { name: "key", path, type: "api_key", environment: "prod", classification: "sensitive", ownerTeamId: w.team.id, backendId: aws.id } });
    const { putSecretValue } = await import("@/lib/domain/vault/service");
    await putSecretValue(admin, { secretId: s.id, value: "ext-copy" });
    await vault({ apiVersion: "v1", endpoint: harness.url, token: w.token }).delete(`secret/metadata/${path}`);
    expect(await db.secret.findUnique({ where: { id: s.id } })).not.toBeNull();
    const v = await db.secretVersion.findUniqueOrThrow({ where: { secretId_version: { secretId: s.id, version: 1 } } });
    expect(v.destroyedAt).not.toBeNull();
    expect([v.ciphertext, v.wrappedKey, v.nonce]).toEqual([null, null, null]);
  });
});

describe("JWT workload login against a JWKS", () => {
  let jwks: Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;
  beforeAll(async () => {
    const kp = await generateKeyPair("ES256");
    privateKey = kp.privateKey as CryptoKey;
    const jwk = { ...(await exportJWK(kp.publicKey)), kid: "k1", alg: "ES256", use: "sig" };
    jwks = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => jwks.listen(0, "127.0.0.1", r));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`;
  });
  afterAll(() => new Promise<void>((r) => jwks.close(() => r())));

  const sign = (claims: { sub: string; aud?: string; iss?: string; exp?: string }) =>
    new SignJWT({})
      .setProtectedHeader({ alg: "ES256", kid: "k1" })
      .setSubject(claims.sub)
      .setIssuer(claims.iss ?? "https://ci.example.test")
      .setAudience(claims.aud ?? "keyward")
      .setIssuedAt()
      .setExpirationTime(claims.exp ?? "5m")
      .sign(privateKey);

  it("logs in with a token matching issuer, audience and subject rules; refuses the rest", async () => {
    const { team, app } = await makeApp();
    const id = await createWorkloadIdentity(admin, {
      applicationId: app.id,
      environment: "dev",
      jwtIssuer: "https://ci.example.test",
      jwksUrl,
      jwtAudience: "keyward",
      jwtSubjects: ["system:serviceaccount:payments:*"],
    });
    const pol = await createPolicy(admin, { name: `jwt-${uid()}`, rules: [{ path: `dev/${team.slug}/*`, capabilities: ["read", "create"] }] });
    await attachPolicy(admin, { policyId: pol.id, identityId: id.id });
    const client = vault({ apiVersion: "v1", endpoint: harness.url });
    const ok = await client.jwtLogin({ role: `${app.slug}-dev`, jwt: await sign({ sub: "system:serviceaccount:payments:api" }) });
    expect(ok.auth.client_token).toMatch(/^kw_wt_/);
    await client.write(`secret/data/dev/${team.slug}/k8s/token`, { data: { value: "from-k8s" } });
    expect((await client.read(`secret/data/dev/${team.slug}/k8s/token`)).data.data.value).toBe("from-k8s");

    const anon = vault({ apiVersion: "v1", endpoint: harness.url });
    for (const jwt of [
      await sign({ sub: "system:serviceaccount:other:api" }),
      await sign({ sub: "system:serviceaccount:payments:api", aud: "someone-else" }),
      await sign({ sub: "system:serviceaccount:payments:api", iss: "https://evil.example.test" }),
      await sign({ sub: "system:serviceaccount:payments:api", exp: "-10m" }),
    ]) {
      await expect(anon.jwtLogin({ role: `${app.slug}-dev`, jwt })).rejects.toMatchObject({ response: { statusCode: 403 } });
    }
  });
});

describe("GET /api/v1/secrets/value", () => {
  it("serves the value with an ETag, 304 when unchanged, a new ETag after a write", async () => {
    const w = await makeWorkload([{ path: "prod/+/web/*", capabilities: ["read", "create", "update"], effect: "allow" }]);
    const path = `prod/${w.team.slug}/web/api-key`;
    const auth = { authorization: `Bearer ${w.token}` };
    const put = await fetch(`${harness.url}/api/v1/secrets/value`, { method: "PUT", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ path, value: "k-1" }) });
    expect(put.status).toBe(201);
    const r1 = await fetch(`${harness.url}/api/v1/secrets/value?path=${encodeURIComponent(path)}`, { headers: auth });
    expect(r1.status).toBe(200);
    const body = await r1.json();
    expect(body).toMatchObject({ path, version: 1, value: "k-1" });
    const etag = r1.headers.get("etag")!;
    const r2 = await fetch(`${harness.url}/api/v1/secrets/value?id=${body.secretId}`, { headers: { ...auth, "if-none-match": etag } });
    expect(r2.status).toBe(304);
    await fetch(`${harness.url}/api/v1/secrets/value`, { method: "PUT", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ path, value: "k-2" }) });
    const r3 = await fetch(`${harness.url}/api/v1/secrets/value?path=${encodeURIComponent(path)}`, { headers: { ...auth, "if-none-match": etag } });
    expect(r3.status).toBe(200);
    expect(r3.headers.get("etag")).not.toBe(etag);
    expect((await r3.json()).value).toBe("k-2");
    const denied = await fetch(`${harness.url}/api/v1/secrets/value?path=prod/${w.team.slug}/db/x`, { headers: auth });
    expect(denied.status).toBe(403);
    expect((await denied.json()).error.code).toBe("forbidden");
    const bad = await fetch(`${harness.url}/api/v1/secrets/value?path=${encodeURIComponent("../etc")}`, { headers: auth });
    expect(bad.status).toBe(400);
    const expired = await db.accessToken.updateMany({ where: { accessor: w.login.accessor }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(expired.count).toBe(1);
    const r4 = await fetch(`${harness.url}/api/v1/secrets/value?path=${encodeURIComponent(path)}`, { headers: auth });
    expect(r4.status).toBe(401);
  });
});
