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
