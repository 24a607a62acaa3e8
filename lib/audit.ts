import "server-only";
import { createHash, createHmac } from "node:crypto";
import pg from "pg";
import type { Actor } from "@/lib/authz/authorize";
import { db, type Tx } from "@/lib/db";
import { logError } from "@/lib/log";

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
function chainFields(actor: Actor, input: AuditInput, at = new Date()): ChainFields {
  return {
    at,
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
}

export async function appendAudit(tx: Tx, actor: Actor, input: AuditInput): Promise<void> {
  const [head] = await tx.$queryRaw<{ lastHash: string }[]>`SELECT "lastHash" FROM "AuditHead" WHERE id = 1 FOR UPDATE`;
  if (!head) throw new Error("audit head row is missing: run the migrations");
  const fields = chainFields(actor, input);
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

// ---------------------------------------------------------------------------------------------
// Grouped appends for events that record an access rather than a change of state (value reads,
// refusals). One transaction per event would serialise every read on the head row; instead the
// events queue in this process, one write is in flight at a time, and each write locks the head,
// links everything queued in order and inserts it with ONE multi-row INSERT. Each caller's
// promise settles after the write that holds its event commits (or fails: the caller then
// refuses to serve, fail closed). The head-row lock keeps the chain linear across processes.

type Pending = { fields: ChainFields; userAgent: string | null; requestId: string | null; resolve: () => void; reject: (e: Error) => void };

const MAX_GROUP = 1000; // 14 parameters a row: well under Postgres' 65,535
const COLUMNS = ["at", "actorType", "actorId", "actorLabel", "action", "targetType", "targetId", "ip", "userAgent", "requestId", "before", "after", "prevHash", "hash"];
const TYPES = ["timestamp(3)", "text", "text", "text", "text", "text", "text", "text", "text", "text", "jsonb", "jsonb", "text", "text"];
const GROUP_INSERT = `WITH ins AS (
    INSERT INTO "AuditEvent" (${COLUMNS.map((c) => `"${c}"`).join(",")})
    SELECT ${COLUMNS.map((c) => `r."${c}"`).join(",")} FROM unnest(${TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(", ")}) WITH ORDINALITY AS r(${COLUMNS.map((c) => `"${c}"`).join(",")}, ord)
    ORDER BY ord
    RETURNING id, hash),
  head AS (UPDATE "AuditHead" SET "lastId" = (SELECT max(id) FROM ins), "lastHash" = $${TYPES.length + 1} WHERE id = 1 RETURNING 1)
  SELECT count(*)::int AS n, coalesce(array_agg(hash ORDER BY id) = $${TYPES.length}::text[], false) AS ordered FROM ins, head`;

export type TAuditGroupHealth = {
  queued: number;
  writes: number;
  events: number;
  failures: number;
  lastFailureAt: Date | null;
  lastError: string | null;
  lastSuccessAt: Date | null;
  /** True when the most recent grouped write failed: reads are being refused. */
  failing: boolean;
};

/** Anything that hands out pg connections (a pg.Pool); tests pass their own to act as another process. */
export type TAuditConnector = { connect(): Promise<pg.PoolClient> };

export class AuditGroup {
  private queue: Pending[] = [];
  private writing = false;
  private stats = { writes: 0, events: 0, failures: 0, lastFailureAt: null as Date | null, lastError: null as string | null, lastSuccessAt: null as Date | null };

  constructor(private readonly connector: () => TAuditConnector) {}

  append(actor: Actor, input: AuditInput): Promise<void> {
    const fields = chainFields(actor, input);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ fields, userAgent: actor.userAgent ?? null, requestId: actor.requestId ?? null, resolve, reject });
      this.kick();
    });
  }

  health(): TAuditGroupHealth {
    const s = this.stats;
    // Failing: the latest write failed, recently (an idle process does not stay "failing" forever).
    const failing = !!s.lastFailureAt && (!s.lastSuccessAt || s.lastFailureAt > s.lastSuccessAt) && Date.now() - s.lastFailureAt.getTime() < 60_000;
    return { queued: this.queue.length, ...s, failing };
  }

  private kick() {
    if (this.writing || this.queue.length === 0) return;
    this.writing = true;
    const group = this.queue.splice(0, MAX_GROUP);
    this.write(group)
      .then(
        () => {
          this.stats.writes++;
          this.stats.events += group.length;
          this.stats.lastSuccessAt = new Date();
          for (const p of group) p.resolve();
        },
        (e: unknown) => {
          const err = e instanceof Error ? e : new Error(String(e));
          this.stats.failures++;
          this.stats.lastFailureAt = new Date();
          this.stats.lastError = err.message.slice(0, 200);
          logError("audit", err, { grouped: group.length });
          for (const p of group) p.reject(err);
        },
      )
      .finally(() => {
        this.writing = false;
        this.kick();
      });
  }

  private async write(group: Pending[]): Promise<void> {
    const client = await this.connector().connect();
    let broken: Error | undefined;
    try {
      // Three round trips while the head is locked: BEGIN + lock (one simple query), the insert
      // and head update (one statement), COMMIT.
      const begun = (await client.query(`BEGIN; SELECT "lastHash" FROM "AuditHead" WHERE id = 1 FOR UPDATE`)) as unknown as pg.QueryResult<{ lastHash: string }>[];
      const head = begun[1];
      if (head.rowCount !== 1) throw new Error("audit head row is missing: run the migrations");
      let prev = head.rows[0].lastHash;
      // One column array per field, fed to unnest(): the same prepared statement for any
      // group size, so PostgreSQL plans it once per connection.
      const cols: unknown[][] = COLUMNS.map(() => []);
      for (const p of group) {
        const f = p.fields;
        const hash = chainHash(prev, f);
        const values = [
          f.at.toISOString(), f.actorType, f.actorId, f.actorLabel, f.action, f.targetType, f.targetId, f.ip, p.userAgent, p.requestId,
          f.before === null ? null : JSON.stringify(f.before), f.after === null ? null : JSON.stringify(f.after), prev, hash,
        ];
        values.forEach((v, i) => cols[i].push(v));
        prev = hash;
      }
      const [done] = (
        await client.query<{ n: number; ordered: boolean }>({ name: "kw-audit-group", text: GROUP_INSERT, values: [...cols, prev] })
      ).rows;
      // The chain is read in id order: the ids must follow the order the events were linked in.
      if (done?.n !== group.length || !done.ordered) throw new Error("audit rows got ids out of chain order");
      await client.query("COMMIT");
    } catch (e) {
      broken = e as Error;
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release(broken);
    }
  }
}

const gAudit = globalThis as unknown as { keywardAuditPool?: pg.Pool; keywardAuditGroup?: AuditGroup };

function auditPool(): pg.Pool {
  if (!gAudit.keywardAuditPool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    // One write is in flight at a time, so two connections are plenty.
    const pool = new pg.Pool({ connectionString, max: 2, connectionTimeoutMillis: 5000, statement_timeout: 5000, idleTimeoutMillis: 30_000 });
    pool.on("error", () => {}); // an idle connection dropped: the next write reconnects
    gAudit.keywardAuditPool = pool;
  }
  return gAudit.keywardAuditPool;
}

function auditGroup(): AuditGroup {
  return (gAudit.keywardAuditGroup ??= new AuditGroup(auditPool));
}

/**
 * Appends an access event (value read, refusal) through this process's grouped writer; resolves
 * once it committed. Not for changes of state: those use appendAudit inside their transaction.
 */
export function appendAuditGrouped(actor: Actor, input: AuditInput): Promise<void> {
  return auditGroup().append(actor, input);
}

/** Tests: route grouped appends through another writer (e.g. one that fails); null restores the default. */
export function setAuditGroup(group: AuditGroup | null) {
  gAudit.keywardAuditGroup = group ?? undefined;
}

/** The grouped writer's counters, for the health endpoint. */
export function auditGroupHealth(): TAuditGroupHealth {
  return gAudit.keywardAuditGroup?.health() ?? { queued: 0, writes: 0, events: 0, failures: 0, lastFailureAt: null, lastError: null, lastSuccessAt: null, failing: false };
}

const GENESIS = "0".repeat(64);

type TStoredEvent = ChainFields & { prevHash: string };

/** The hash a stored event should have, recomputed from its own fields and its prevHash. */
export function storedEventHash(r: TStoredEvent): string {
  return chainHash(r.prevHash, {
    at: r.at, actorType: r.actorType, actorId: r.actorId, actorLabel: r.actorLabel, action: r.action,
    targetType: r.targetType, targetId: r.targetId, ip: r.ip, before: r.before ?? null, after: r.after ?? null,
  });
}

export type TChainCheck = {
  ok: boolean;
  /** Events checked after the starting point (the checkpoint's own event is re-hashed, not counted). */
  checked: number;
  brokenAt: bigint | null;
  /** The event the check started after: 0 from the start, else the checkpoint's or the anchor's event. */
  fromEventId: bigint;
  /** The head the check verified up to, and its hash: the next checkpoint when ok. */
  toEventId: bigint;
  toHash: string;
};

/** An event id and the hash it had when someone noted it, outside the database (an auditor's workpapers, a SIEM). */
export type TAuditAnchor = { eventId: bigint; hash: string };

export type TVerifyOptions = {
  /**
   * "start": the whole chain (an auditor's full verification). "checkpoint": after the newest
   * checkpoint. An anchor: after the anchor's event, which must still carry the noted hash.
   */
  from?: "start" | "checkpoint" | TAuditAnchor;
  batch?: number;
  /** A transaction to check inside (tests edit events in one that is rolled back). */
  client?: Pick<Tx, "auditEvent" | "auditHead" | "auditCheckpoint">;
  /** Called after each batch with events checked and the number to check. */
  progress?: (checked: number, total: number) => Promise<void>;
};

/**
 * Recomputes the chain up to the head as it stands when the check starts, from the first event,
 * after the newest checkpoint or after an anchor; returns the first event id that does not verify
 * (brokenAt), or ok. From a checkpoint or an anchor, its event must still carry the recorded hash
 * and still hash to it, so an edit of the event a check resumes from is found; edits further back
 * are found only by a check from the start. Every checkpoint the check passes must match the
 * hash recomputed for its event, so a chain rewritten consistently (events and head) from some
 * event on is found at the first checkpoint after that event.
 */
export async function verifyAuditChain(opts: TVerifyOptions = {}): Promise<TChainCheck> {
  const { from = "start", batch = 5000, client = db, progress } = opts;
  // Checkpoints before the head: one a concurrent check writes later may lie past this check's
  // head, and would look like events removed from the end.
  const resume =
    from === "checkpoint" ? await client.auditCheckpoint.findFirst({ orderBy: [{ eventId: "desc" }, { id: "desc" }] }) : from === "start" ? null : from;
  const start = resume?.eventId ?? 0n;
  const passed = await client.auditCheckpoint.findMany({ where: { eventId: { gt: start } }, select: { eventId: true, hash: true }, orderBy: [{ eventId: "asc" }, { id: "asc" }] });
  // The head next: events appended while the check runs come after it and are left for the next
  // check, instead of making a live chain look broken.
  const head = await client.auditHead.findUnique({ where: { id: 1 } });
  const headId = head?.lastId ?? 0n;
  let prev = GENESIS;
  let cursor = 0n;
  let checked = 0;
  let next = 0; // the first checkpoint in `passed` not reached yet
  const result = (ok: boolean, brokenAt: bigint | null): TChainCheck => ({ ok, checked, brokenAt, fromEventId: start, toEventId: headId, toHash: head?.lastHash ?? GENESIS });
  if (resume) {
    // A checkpoint past the head means verified events were removed from the end (an anchor
    // past it: that, or an event id that never existed).
    const row = resume.eventId <= headId ? await client.auditEvent.findUnique({ where: { id: resume.eventId } }) : null;
    if (!row || row.hash !== resume.hash || storedEventHash(row) !== row.hash) return result(false, resume.eventId);
    prev = resume.hash;
    cursor = resume.eventId;
  }
  const total = progress ? await client.auditEvent.count({ where: { id: { gt: cursor, lte: headId } } }) : 0;
  for (;;) {
    const rows = await client.auditEvent.findMany({ where: { id: { gt: cursor, lte: headId } }, orderBy: { id: "asc" }, take: batch });
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.prevHash !== prev || r.hash !== storedEventHash(r)) return result(false, r.id);
      // A checkpoint whose event is gone, or verified with another hash: rewritten since.
      for (; next < passed.length && passed[next].eventId <= r.id; next++) {
        if (passed[next].eventId !== r.id || passed[next].hash !== r.hash) return result(false, passed[next].eventId);
      }
      prev = r.hash;
      cursor = r.id;
      checked++;
    }
    await progress?.(checked, Math.max(total, checked));
  }
  if (head && head.lastHash !== prev) return result(false, head.lastId);
  // A checkpoint not reached: its event was removed from the end.
  if (next < passed.length) return result(false, passed[next].eventId);
  return result(true, null);
}
