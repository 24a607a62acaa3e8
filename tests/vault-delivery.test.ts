import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "@/lib/domain/vault/testing";
import { systemActor } from "@/lib/authz/authorize";
import { stampClientIp } from "@/lib/client-ip";
import { db } from "@/lib/db";
import { serveWorkloadRead } from "@/lib/domain/vault/lean-server";
import { cachedRead, stopVaultReadCache, vaultReadCacheStats } from "@/lib/domain/vault/read-cache";
import { putSecretValue } from "@/lib/domain/vault/service";
import { makeWorkload } from "@/lib/domain/vault/testing";
import { startVaultHarness } from "./vault-harness";

// The lean delivery path of server.ts (workload reads answered before Next's router) must
// answer exactly as the route handlers do, and its per-process read cache must never serve a
// row another process changed.

let harness: Awaited<ReturnType<typeof startVaultHarness>>;
let lean: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  harness = await startVaultHarness();
  // What server.ts does, with "not mine" answered 404 here instead of going to Next.
  const server = createServer((req, res) => {
    stampClientIp(req);
    serveWorkloadRead(req, res, { "x-served-by": "lean" }).then((served) => {
      if (!served) {
        res.writeHead(404, { "x-served-by": "next" });
        res.end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  lean = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
});
afterAll(async () => {
  await harness.close();
  await lean.close();
});

const admin = systemActor("test");

async function both(path: string, headers: Record<string, string>) {
  const [a, b] = await Promise.all([fetch(harness.url + path, { headers }), fetch(lean.url + path, { headers })]);
  const strip = (t: string) => (t ? JSON.parse(t.replace(/"request_id":"[^"]+"/, '"request_id":"-"')) : null);
  return {
    route: { status: a.status, etag: a.headers.get("etag"), body: strip(await a.text()) },
    lean: { status: b.status, etag: b.headers.get("etag"), body: strip(await b.text()), servedBy: b.headers.get("x-served-by") },
  };
}

async function until(cond: () => boolean | Promise<boolean>, what: string) {
  const deadline = Date.now() + 5000;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("lean delivery path", () => {
  it("answers value and Vault KV reads, 304s and refusals exactly as the route handlers", async () => {
    const w = await makeWorkload([{ path: "prod/*", capabilities: ["read"], effect: "allow" }]);
    const p = `prod/${w.team.slug}/${w.app.slug}/db`;
    await putSecretValue(admin, { path: p, data: { username: "svc", password: "lean-canary-1" } });
    const bearer = { authorization: `Bearer ${w.token}` };

    const ok = await both(`/api/v1/secrets/value?path=${encodeURIComponent(p)}`, bearer);
    expect(ok.lean.servedBy).toBe("lean");
    expect(ok.lean).toMatchObject({ status: 200, etag: ok.route.etag, body: ok.route.body });
    expect(ok.lean.body.data.password).toBe("lean-canary-1");

    const notModified = await both(`/api/v1/secrets/value?path=${encodeURIComponent(p)}`, { ...bearer, "if-none-match": ok.route.etag! });
    expect([notModified.route.status, notModified.lean.status]).toEqual([304, 304]);

    const kv = await both(`/v1/secret/data/${p}`, { "x-vault-token": w.token });
    expect(kv.lean).toMatchObject({ status: 200, body: kv.route.body });
    expect(kv.lean.body.data.data.password).toBe("lean-canary-1");

    for (const [path, h] of [
      [`/api/v1/secrets/value?path=dev/${w.team.slug}/x`, bearer], // outside the policy
      [`/api/v1/secrets/value?path=prod/${w.team.slug}/none`, bearer], // allowed but absent
      [`/api/v1/secrets/value?path=${encodeURIComponent(p)}`, { authorization: "Bearer kw_wt_not-a-real-token" }],
      [`/v1/secret/data/dev/${w.team.slug}/x`, { "x-vault-token": w.token }],
      [`/v1/secret/data/${p}`, { "x-vault-token": "kw_wt_not-a-real-token" }],
    ] as const) {
      const r = await both(path, h);
      expect(r.lean.servedBy, path).toBe("lean");
      expect(r.lean.status, path).toBe(r.route.status);
      expect(r.lean.body, path).toEqual(r.route.body);
      expect(r.lean.status).toBeGreaterThanOrEqual(400);
    }
  });

  it("records the same client address in audit events as the route handlers, with or without forwarding headers", async () => {
    const w = await makeWorkload([{ path: "prod/*", capabilities: ["read"], effect: "allow" }]);
    const p = `prod/${w.team.slug}/${w.app.slug}/ip`;
    await putSecretValue(admin, { path: p, value: "ip-canary" });
    // The route harness is what server.ts hands Next: stamped, then X-Forwarded-For filled in as Next does.
    const cases: Array<[string, Record<string, string>, string]> = [
      ["no forwarding header: the socket's peer", {}, "127.0.0.1"],
      ["X-Forwarded-For: its first entry", { "x-forwarded-for": "203.0.113.7, 10.0.0.1" }, "203.0.113.7"],
      ["X-Real-IP alone", { "x-real-ip": "198.51.100.9" }, "198.51.100.9"],
      ["a client's own stamp is replaced", { "x-keyward-client-ip": "192.0.2.66" }, "127.0.0.1"],
    ];
    for (const [what, headers, expected] of cases) {
      for (const [endpoint, auth] of [
        [`/api/v1/secrets/value?path=${encodeURIComponent(p)}`, { authorization: `Bearer ${w.token}` }],
        [`/v1/secret/data/${p}`, { "x-vault-token": w.token }],
      ] as const) {
        const ips: Record<string, string | null> = {};
        for (const [name, base] of [["route", harness.url], ["lean", lean.url]] as const) {
          const requestId = crypto.randomUUID();
          const r = await fetch(base + endpoint, { headers: { ...headers, ...auth, "x-request-id": requestId } });
          expect(r.status, `${what} ${name} ${endpoint}`).toBe(200);
          if (name === "lean") expect(r.headers.get("x-served-by")).toBe("lean");
          ips[name] = (await db.auditEvent.findFirstOrThrow({ where: { action: "secret.value_read", requestId } })).ip;
        }
        expect(ips, `${what} ${endpoint}`).toEqual({ route: expected, lean: expected });
      }
    }
  });

  it("leaves people, writes and lists to Next", async () => {
    const w = await makeWorkload([{ path: "prod/lean/*", capabilities: ["read", "list"], effect: "allow" }]);
    const r1 = await fetch(`${lean.url}/api/v1/secrets/value?path=prod/lean/x`); // no token: a person's session
    const r2 = await fetch(`${lean.url}/api/v1/secrets/value?path=prod/lean/x`, { headers: { authorization: "Bearer kw_pat_personal" } });
    const r3 = await fetch(`${lean.url}/v1/secret/data/prod/lean/x`, { method: "POST", headers: { "x-vault-token": w.token }, body: "{}" });
    const r4 = await fetch(`${lean.url}/v1/secret/metadata/prod/lean?list=true`, { headers: { "x-vault-token": w.token } });
    for (const r of [r1, r2, r3, r4]) expect(r.headers.get("x-served-by")).toBe("next");
  });
});

describe("workload read cache", () => {
  it("serves repeated reads from memory and drops them when another process revokes the token", async () => {
    const w = await makeWorkload([{ path: "prod/*", capabilities: ["read"], effect: "allow" }]);
    const p = `prod/${w.team.slug}/${w.app.slug}/cache`;
    await putSecretValue(admin, { path: p, value: "cache-canary-1" });
    const read = () => fetch(`${lean.url}/api/v1/secrets/value?path=${encodeURIComponent(p)}`, { headers: { authorization: `Bearer ${w.token}` } });

    expect((await read()).status).toBe(200);
    await until(() => vaultReadCacheStats().listening, "the cache's LISTEN connection");
    // Other test files write vault tables meanwhile, and each commit's NOTIFY empties the cache:
    // a hit must come within a few reads, not necessarily the next one.
    let hit = false;
    for (let i = 0; i < 10 && !hit; i++) {
      const before = vaultReadCacheStats().hits;
      expect((await read()).status).toBe(200);
      hit = vaultReadCacheStats().hits > before;
    }
    expect(hit).toBe(true);

    // Another process (a plain connection, not this process's Prisma client) revokes the token.
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      const clears = vaultReadCacheStats().clears;
      await other.query(`UPDATE "AccessToken" SET "revokedAt" = now() WHERE accessor = $1`, [w.login.accessor]);
      await until(() => vaultReadCacheStats().clears > clears, "the change notification");
      const refused = await read();
      expect(refused.status).toBe(401);
      expect((await refused.json()).error.message).toMatch(/revoked/);

      // A new version written elsewhere is read at once, too.
      const w2 = await makeWorkload([{ path: "prod/*", capabilities: ["read"], effect: "allow" }]);
      const read2 = () => fetch(`${lean.url}/api/v1/secrets/value?path=${encodeURIComponent(p)}`, { headers: { authorization: `Bearer ${w2.token}` } }).then((r) => r.json());
      expect((await read2()).version).toBe(1);
      expect((await read2()).version).toBe(1);
      const c2 = vaultReadCacheStats().clears;
      await other.query(`UPDATE "SecretVersion" SET stage = 'previous' WHERE "secretId" = (SELECT id FROM "Secret" WHERE path = $1)`, [p]);
      await until(() => vaultReadCacheStats().clears > c2, "the change notification");
      expect((await fetch(`${lean.url}/api/v1/secrets/value?path=${encodeURIComponent(p)}`, { headers: { authorization: `Bearer ${w2.token}` } })).status).toBe(404);
    } finally {
      await other.end();
    }
  });

  it("caches nothing while it cannot listen for changes", async () => {
    await stopVaultReadCache();
    let loads = 0;
    const load = async () => ++loads;
    await cachedRead("probe", load);
    await cachedRead("probe", load);
    expect(loads).toBe(2);
    expect(vaultReadCacheStats().entries).toBe(0);
  });
});
