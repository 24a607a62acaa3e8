import "server-only";
import { createHash, createHmac } from "node:crypto";
import type { Actor } from "@/lib/authz/authorize";
import { db, type Tx } from "@/lib/db";

export type AuditInput = {
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
};

type ChainFields = {
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
};

/** Deterministic JSON: object keys sorted, so the hash does not depend on insertion order. */
export function canonical(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  return JSON.stringify(value);
}

export function chainHash(prevHash: string, e: ChainFields): string {
  return createHash("sha256").update(prevHash).update("\n").update(canonical(e)).digest("hex");
}

/** Keyed hash for sensitive strings that must be comparable in the audit trail, never readable. */
export function hmacForAudit(value: string): string {
  const key = process.env.KEYWARD_AUDIT_HMAC_KEY ?? process.env.NEXTAUTH_SECRET ?? "keyward-dev-audit-key";
  return "hmac:" + createHmac("sha256", key).update(value).digest("hex").slice(0, 32);
}

// JSON round trip so what is hashed is exactly what Postgres stores (no Dates, no undefined).
function plain(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
}

/**
 * Appends an audit event inside the caller's transaction, so the change and its record commit
 * together. The one-row head table is locked for the append, which keeps the chain linear
 * across any number of web and worker processes.
 */
export async function appendAudit(tx: Tx, actor: Actor, input: AuditInput): Promise<void> {
  const [head] = await tx.$queryRaw<{ lastHash: string }[]>`SELECT "lastHash" FROM "AuditHead" WHERE id = 1 FOR UPDATE`;
  if (!head) throw new Error("audit head row is missing: run the migrations");
  const fields: ChainFields = {
    at: new Date(),
    actorType: actor.kind,
    actorId: actor.id,
    actorLabel: actor.label,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId ?? null,
    ip: actor.ip ?? null,
    before: plain(input.before),
    after: plain(input.after),
  };
  const hash = chainHash(head.lastHash, fields);
  const row = await tx.auditEvent.create({
    data: {
      ...fields,
      before: fields.before === null ? undefined : (fields.before as object),
      after: fields.after === null ? undefined : (fields.after as object),
      userAgent: actor.userAgent ?? null,
      requestId: actor.requestId ?? null,
      prevHash: head.lastHash,
      hash,
    },
    select: { id: true },
  });
  await tx.$executeRaw`UPDATE "AuditHead" SET "lastId" = ${row.id}, "lastHash" = ${hash} WHERE id = 1`;
}

/** Recomputes the chain; returns the first event id that does not verify, or null when intact. */
export async function verifyAuditChain(batch = 5000): Promise<{ ok: boolean; checked: number; brokenAt: bigint | null }> {
  let prev = "0".repeat(64);
  let cursor = 0n;
  let checked = 0;
  for (;;) {
    const rows = await db.auditEvent.findMany({ where: { id: { gt: cursor } }, orderBy: { id: "asc" }, take: batch });
    if (rows.length === 0) break;
    for (const r of rows) {
      const expected = chainHash(prev, {
        at: r.at, actorType: r.actorType, actorId: r.actorId, actorLabel: r.actorLabel, action: r.action,
        targetType: r.targetType, targetId: r.targetId, ip: r.ip, before: r.before ?? null, after: r.after ?? null,
      });
      if (r.prevHash !== prev || r.hash !== expected) return { ok: false, checked, brokenAt: r.id };
      prev = r.hash;
      cursor = r.id;
      checked++;
    }
  }
  const head = await db.auditHead.findUnique({ where: { id: 1 } });
  if (head && head.lastHash !== prev) return { ok: false, checked, brokenAt: head.lastId };
  return { ok: true, checked, brokenAt: null };
}
