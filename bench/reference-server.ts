// The bare reference for bench/vault-reads.ts: the same work per read as the app's
// GET /api/v1/secrets/value (workload token looked up by its hash, policy evaluated, current
// version read, envelope decryption with lib/crypto, audit event appended) on plain Node
// `http` + `pg`, with no framework. Run by the benchmark:
//   DATABASE_URL=… KEYWARD_ROOT_KEY=… PORT=… AUDIT_MODE=grouped|single \
//     tsx --conditions=react-server bench/reference-server.ts
import { createHash, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import pg from "pg";
import { AuditGroup, chainHash, type AuditInput } from "../lib/audit";
import type { Actor } from "../lib/authz/authorize";
import { decryptValue } from "../lib/crypto/envelope";
import { LocalKeyProvider } from "../lib/crypto/providers/local";
import { decodeRootKey } from "../lib/crypto/root-key";
import { evaluate, type TRule, type TSourcedRule } from "../lib/domain/vault/policy";

pg.types.setTypeParser(1114, (s: string) => new Date(s.replace(" ", "T") + "Z")); // timestamp(3) columns hold UTC

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const auditPool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
const root = decodeRootKey(process.env.KEYWARD_ROOT_KEY ?? "");
const provider = new LocalKeyProvider(() => root);
const mode = process.env.AUDIT_MODE === "single" ? "single" : "grouped";
const group = new AuditGroup(() => auditPool);

// The same caches as the app: identity rules for 2 s, key references forever.
const rulesCache = new Map<string, { at: number; rules: TSourcedRule[] }>();
const keyRefs = new Map<string, string>();

async function rulesFor(identityId: string, teamId: string | null): Promise<TSourcedRule[]> {
  const hit = rulesCache.get(identityId);
  if (hit && Date.now() - hit.at < 2000) return hit.rules;
  const { rows } = await pool.query<{ id: string; name: string; rules: TRule[]; identityId: string | null }>(
    `SELECT p.id, p.name, p.rules, a."identityId" FROM "PolicyAttachment" a JOIN "Policy" p ON p.id = a."policyId"
      WHERE a."identityId" = $1 OR ($2::uuid IS NOT NULL AND a."teamId" = $2::uuid)`,
    [identityId, teamId],
  );
  const rules = rows.flatMap((p) =>
    p.rules.map((r, i) => ({ ...r, effect: r.effect ?? "allow", source: { kind: "policy" as const, policyId: p.id, policyName: p.name, ruleIndex: i, attachedTo: p.identityId ? ("identity" as const) : ("team" as const) } })),
  );
  rulesCache.set(identityId, { at: Date.now(), rules });
  return rules;
}

async function keyRefOf(id: string): Promise<string> {
  let ref = keyRefs.get(id);
  if (!ref) {
    ref = (await pool.query<{ keyRef: string }>(`SELECT "keyRef" FROM "KeyVersion" WHERE id = $1`, [id])).rows[0].keyRef;
    keyRefs.set(id, ref);
  }
  return ref;
}

/** One transaction per event: the head row locked, one insert, the head updated. */
async function appendSingle(actor: Actor, input: AuditInput) {
  const c = await auditPool.connect();
  try {
    await c.query("BEGIN");
    const prev = (await c.query<{ lastHash: string }>(`SELECT "lastHash" FROM "AuditHead" WHERE id = 1 FOR UPDATE`)).rows[0].lastHash;
    const f = { at: new Date(), actorType: actor.kind, actorId: actor.id, actorLabel: actor.label, action: input.action, targetType: input.targetType, targetId: input.targetId ?? null, ip: actor.ip ?? null, before: null, after: JSON.parse(JSON.stringify(input.after)) };
    const hash = chainHash(prev, f);
    const { rows } = await c.query<{ id: string }>(
      `INSERT INTO "AuditEvent" ("at","actorType","actorId","actorLabel","action","targetType","targetId","ip","requestId","after","prevHash","hash")
       VALUES ($1::timestamp(3),$2,$3,$4,$5,$6,$7,$8,$9,$10::jsonb,$11,$12) RETURNING id::text`,
      [f.at.toISOString(), f.actorType, f.actorId, f.actorLabel, f.action, f.targetType, f.targetId, f.ip, actor.requestId, JSON.stringify(f.after), prev, hash],
    );
    await c.query(`UPDATE "AuditHead" SET "lastId" = $1, "lastHash" = $2 WHERE id = 1`, [rows[0].id, hash]);
    await c.query("COMMIT");
  } catch (e) {
    await c.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

function send(res: import("node:http").ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const out = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(out), ...headers });
  res.end(out);
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname !== "/api/v1/secrets/value" || req.method !== "GET") return send(res, 404, { error: { code: "not_found" } });
    const auth = req.headers.authorization ?? "";
    const token = auth.startsWith("Bearer ") ? auth.slice(7) : "";
    const path = url.searchParams.get("path") ?? "";
    const tokenHash = createHash("sha256").update(token).digest("hex");
    const t = (
      await pool.query<{ expiresAt: Date; revokedAt: Date | null; identityId: string; name: string; disabledAt: Date | null; ownerTeamId: string | null }>({
        name: "ref-token",
        text: `SELECT t."expiresAt", t."revokedAt", i.id AS "identityId", i.name, i."disabledAt", a."ownerTeamId"
           FROM "AccessToken" t JOIN "WorkloadIdentity" i ON i.id = t."identityId" JOIN "Application" a ON a.id = i."applicationId"
          WHERE t."tokenHash" = $1`,
        values: [tokenHash],
      })
    ).rows[0];
    if (!t || t.revokedAt || t.expiresAt.getTime() <= Date.now() || t.disabledAt) return send(res, 401, { error: { code: "unauthenticated" } });
    const actor: Actor = { kind: "workload", id: t.identityId, label: `workload:${t.name}`, role: "workload", teamIds: t.ownerTeamId ? [t.ownerTeamId] : [], ip: req.socket.remoteAddress ?? null, requestId: randomUUID() };
    if (!evaluate(await rulesFor(t.identityId, t.ownerTeamId), path, "read").allowed) return send(res, 403, { error: { code: "forbidden" } });
    const row = (
      await pool.query<{ id: string; path: string; version: number; stage: string; createdAt: Date; ciphertext: Buffer; nonce: Buffer; wrappedKey: Buffer; keyVersionId: string }>({
        name: "ref-secret",
        text: `SELECT s.id, s.path, v.version, v.stage, v."createdAt", v.ciphertext, v.nonce, v."wrappedKey", v."keyVersionId"
           FROM "Secret" s JOIN "SecretVersion" v ON v."secretId" = s.id
          WHERE s.path = $1 AND v.stage = 'current' AND v."deletedAt" IS NULL AND v."destroyedAt" IS NULL
          ORDER BY v.version DESC LIMIT 1`,
        values: [path],
      })
    ).rows[0];
    if (!row) return send(res, 404, { error: { code: "not_found" } });
    const plain = await decryptValue(provider, { secretId: row.id, version: row.version }, { ...row, keyRef: await keyRefOf(row.keyVersionId) });
    const data = JSON.parse(plain.toString("utf8")) as Record<string, string>;
    plain.fill(0);
    const event: AuditInput = { action: "secret.value_read", targetType: "secret", targetId: row.id, after: { path: row.path, version: row.version, via: "api" } };
    await (mode === "single" ? appendSingle(actor, event) : group.append(actor, event));
    send(res, 200, { secretId: row.id, path: row.path, version: row.version, stage: row.stage, createdAt: row.createdAt, value: data.value ?? null, data }, { etag: `"${row.id}.${row.version}"`, "cache-control": "private, no-cache" });
  } catch (e) {
    send(res, 500, { error: { code: "internal", message: (e as Error).message.slice(0, 100) } });
  }
});

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const addr = server.address();
  console.log(`listening ${typeof addr === "object" && addr ? addr.port : ""} (audit ${mode})`);
});
const stop = () => server.close(() => Promise.all([pool.end(), auditPool.end()]).finally(() => process.exit(0)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
