import { randomUUID } from "node:crypto";
import vault from "node-vault";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "@/lib/domain/vault/testing";
import { systemActor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { authenticateWorkloadToken } from "@/lib/domain/vault/identities";
import { putSecretValue, readSecretValue, rotateKeyEncryptionKey } from "@/lib/domain/vault/service";
import { makeWorkload } from "@/lib/domain/vault/testing";
import { createRedis } from "@/lib/redis";
import { databaseDump } from "@/lib/testing/db-dump";
import { startVaultHarness } from "./vault-harness";

// Invariant 1: canary values put through every vault entrance never appear in plaintext in the
// database dump, Redis (keys and values, including queue payloads), audit events, API error
// bodies, or anything the process logged.

const canaries = Array.from({ length: 4 }, () => `CANARY-${randomUUID()}`);
const output: string[] = [];
const errorBodies: string[] = [];
let harness: Awaited<ReturnType<typeof startVaultHarness>>;
const restore: (() => void)[] = [];

function capture(stream: NodeJS.WriteStream) {
  const orig = stream.write.bind(stream);
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    output.push(String(chunk));
    return (orig as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof stream.write;
  restore.push(() => (stream.write = orig));
}

beforeAll(async () => {
  capture(process.stdout);
  capture(process.stderr);
  for (const m of ["log", "info", "warn", "error", "debug"] as const) {
    const orig = console[m];
    console[m] = (...args: unknown[]) => {
      output.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      orig(...args);
    };
    restore.push(() => (console[m] = orig));
  }
  harness = await startVaultHarness();
});
afterAll(async () => {
  restore.forEach((r) => r());
  await harness.close();
});

function hits(haystack: string): string[] {
  const found: string[] = [];
  for (const c of canaries) {
    for (const form of [c, Buffer.from(c).toString("hex"), Buffer.from(c).toString("base64").slice(0, 24)]) {
      if (haystack.includes(form)) found.push(`${c} as ${form.slice(0, 12)}…`);
    }
  }
  return found;
}

async function redisDump(): Promise<string> {
  const r = createRedis({ maxRetriesPerRequest: 2 });
  const parts: string[] = [];
  try {
    let cursor = "0";
    do {
      const [next, keys] = await r.scan(cursor, "COUNT", 1000);
      cursor = next;
      for (const k of keys) {
        parts.push(k);
        const type = await r.type(k);
        if (type === "string") parts.push(String(await r.get(k)));
        else if (type === "hash") parts.push(JSON.stringify(await r.hgetall(k)));
        else if (type === "list") parts.push(JSON.stringify(await r.lrange(k, 0, -1)));
        else if (type === "set") parts.push(JSON.stringify(await r.smembers(k)));
        else if (type === "zset") parts.push(JSON.stringify(await r.zrange(k, "0", "-1")));
        else if (type === "stream") parts.push(JSON.stringify(await r.xrange(k, "-", "+")));
      }
    } while (cursor !== "0");
  } finally {
    r.disconnect();
  }
  return parts.join("\n");
}

describe("canary values never leak", () => {
  it("puts canaries through the API, the Vault API and the domain, then finds none of them at rest", async () => {
    const w = await makeWorkload([{ path: "prod/+/canary/*", capabilities: ["read", "create", "update"], effect: "allow" }]);
    const base = `prod/${w.team.slug}/canary`;
    const auth = { authorization: `Bearer ${w.token}`, "content-type": "application/json" };

    // 1. Keyward REST API.
    const put = await fetch(`${harness.url}/api/v1/secrets/value`, { method: "PUT", headers: auth, body: JSON.stringify({ path: `${base}/api`, value: canaries[0] }) });
    expect(put.status).toBe(201);
    // 2. Vault-compatible API through node-vault.
    const client = vault({ apiVersion: "v1", endpoint: harness.url, token: w.token });
    await client.write(`secret/data/${base}/vault`, { data: { password: canaries[1] } });
    // 3. The domain function the console and CLI call.
    const { actor } = await authenticateWorkloadToken(w.token);
    await putSecretValue(actor, { path: `${base}/domain`, data: { token: canaries[2] } }, "console");

    // They really are stored: each reads back.
    expect((await (await fetch(`${harness.url}/api/v1/secrets/value?path=${base}/api`, { headers: auth })).json()).value).toBe(canaries[0]);
    expect((await client.read(`secret/data/${base}/vault`)).data.data.password).toBe(canaries[1]);
    const r = await readSecretValue(actor, { path: `${base}/domain` });
    expect(!r.notModified && r.data.token).toBe(canaries[2]);

    // Error paths with a canary in the request: bad input, forbidden path, Vault bad body.
    const bad1 = await fetch(`${harness.url}/api/v1/secrets/value`, { method: "PUT", headers: auth, body: JSON.stringify({ path: `${base}/x`, value: canaries[3], extra: canaries[3] }) });
    const bad2 = await fetch(`${harness.url}/api/v1/secrets/value`, { method: "PUT", headers: auth, body: JSON.stringify({ path: `prod/${w.team.slug}/elsewhere/x`, value: canaries[3] }) });
    const bad3 = await fetch(`${harness.url}/v1/secret/data/${base}/y`, { method: "POST", headers: { "x-vault-token": w.token, "content-type": "application/json" }, body: JSON.stringify({ data: { a: 1 }, note: canaries[3] }) });
    const bad4 = await fetch(`${harness.url}/api/v1/secrets/value`, { method: "PUT", headers: auth, body: `{"path":"${base}/z","value":"${canaries[3]}"` });
    const bad5 = await fetch(`${harness.url}/v1/secret/data/${base}/z`, { method: "POST", headers: { "x-vault-token": "kw_wt_nope", "content-type": "application/json" }, body: JSON.stringify({ data: { a: canaries[3] } }) });
    for (const [res, status] of [[bad1, 400], [bad2, 403], [bad3, 400], [bad4, 400], [bad5, 403]] as const) {
      expect(res.status).toBe(status);
      errorBodies.push(await res.text());
    }
    // A tampered read's error too.
    const row = await db.secretVersion.findFirstOrThrow({ where: { secret: { path: `${base}/api` } } });
    const flipped = Buffer.from(row.ciphertext!);
    flipped[3] ^= 1;
    await db.secretVersion.update({ where: { id: row.id }, data: { ciphertext: new Uint8Array(flipped) } });
    const tampered = await fetch(`${harness.url}/api/v1/secrets/value?path=${base}/api`, { headers: auth });
    expect(tampered.status).toBe(500);
    errorBodies.push(await tampered.text());
    await db.secretVersion.update({ where: { id: row.id }, data: { ciphertext: row.ciphertext } });

    // A KEK rotation puts a job on the Redis queue: ids only.
    await rotateKeyEncryptionKey(systemActor("canary-test"));

    // Now search everything.
    // pg_dump, or every row through SQL where the installed pg_dump is older than the server.
    const { text: dump } = await databaseDump(process.env.DATABASE_URL!);
    expect(dump).toContain("SecretVersion"); // the dump is real
    expect(hits(dump)).toEqual([]);
    expect(hits(await redisDump())).toEqual([]);
    const events = await db.auditEvent.findMany({ where: { action: { startsWith: "secret." } } });
    expect(events.length).toBeGreaterThan(5);
    expect(hits(JSON.stringify(events, (_k, v) => (typeof v === "bigint" ? v.toString() : v)))).toEqual([]);
    expect(errorBodies.length).toBe(6);
    expect(hits(errorBodies.join("\n"))).toEqual([]);
    expect(hits(output.join("\n"))).toEqual([]);
  });
});
