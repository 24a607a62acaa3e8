import "server-only";
import os from "node:os";
import { auditGroupHealth } from "@/lib/audit";
import { db } from "@/lib/db";
import { redis } from "@/lib/redis";

// Workers record a heartbeat in one sorted set (member: worker id, score: time of the beat);
// health counts the members that beat recently. One key, so it works on Redis Cluster too.
// Under the queue's prefix: installations sharing a Redis (each with its own prefix) count only
// their own workers, and on Redis Cluster the key shares the queue's hash slot.
// (The prefix is read here rather than imported from lib/jobs/queue, which would pull every job
// definition into the health route; a test keeps the two equal.)
export const HEARTBEAT_KEY = `${process.env.KEYWARD_QUEUE_PREFIX ?? "{keyward}"}:worker-heartbeats`;
export const HEARTBEAT_EVERY_MS = 10_000;
export const HEARTBEAT_FRESH_MS = 30_000;
const CHECK_TIMEOUT_MS = 2_000;

export function workerId(): string {
  return `${os.hostname()}:${process.pid}`;
}

export async function recordWorkerHeartbeat(id = workerId(), now = Date.now(), key = HEARTBEAT_KEY) {
  await redis()
    .multi()
    .zadd(key, now, id)
    .zremrangebyscore(key, "-inf", now - 10 * HEARTBEAT_FRESH_MS)
    .exec();
}

/** Beats now and every 10 s; stop() removes this worker at once (a graceful shutdown). */
export function startWorkerHeartbeat(id = workerId(), key = HEARTBEAT_KEY) {
  const beat = () => recordWorkerHeartbeat(id, Date.now(), key).catch(() => {}); // Redis down: health says so anyway
  void beat();
  const timer = setInterval(beat, HEARTBEAT_EVERY_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await redis().zrem(key, id).catch(() => {});
    },
  };
}

type TCheck = { ok: boolean; ms: number; error?: string };

async function timed(fn: () => Promise<unknown>): Promise<TCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("timed out")), CHECK_TIMEOUT_MS))),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (e) {
    // A short reason only: connection strings and hosts stay out of a public endpoint.
    const msg = (e as Error).message === "timed out" ? "timed out" : "unreachable";
    return { ok: false, ms: Math.round(performance.now() - started), error: msg };
  } finally {
    clearTimeout(timer);
  }
}

export type THealth = {
  status: "ok" | "degraded" | "down";
  checks: {
    database: TCheck;
    audit: TCheck & { failedAppends?: number };
    redis: TCheck;
    worker: { ok: boolean; live: number; lastBeatSecondsAgo: number | null };
  };
  uptimeSeconds: number;
};

/**
 * Public health: database, the audit chain's head row (appends fail closed without it), Redis,
 * and live workers. "down" (HTTP 503) when the web process cannot serve: database, audit or
 * Redis failing; "degraded" when no worker has beaten recently (jobs wait, pages still work).
 */
export async function checkHealth(opts: { now?: number; key?: string } = {}): Promise<THealth> {
  const now = opts.now ?? Date.now();
  const key = opts.key ?? HEARTBEAT_KEY;
  const [database, audit, redisCheck] = await Promise.all([
    timed(() => db.$queryRaw`SELECT 1`),
    timed(async () => {
      const rows = await db.$queryRaw<unknown[]>`SELECT 1 FROM "AuditHead" WHERE id = 1`;
      if (rows.length !== 1) throw new Error("missing");
    }),
    timed(() => redis().ping()),
  ]);
  // Value reads are refused while grouped audit appends fail (fail closed): health says so.
  const grouped = auditGroupHealth();
  const auditCheck: THealth["checks"]["audit"] = { ...audit, failedAppends: grouped.failures };
  if (grouped.failing) Object.assign(auditCheck, { ok: false, error: "audit appends failing: value reads are refused" });
  let worker: THealth["checks"]["worker"] = { ok: false, live: 0, lastBeatSecondsAgo: null };
  if (redisCheck.ok) {
    try {
      const [live, last] = await Promise.all([
        redis().zcount(key, now - HEARTBEAT_FRESH_MS, "+inf"),
        redis().zrange(key, "-1", "-1", "WITHSCORES"),
      ]);
      const lastBeat = last.length === 2 ? Number(last[1]) : null;
      worker = { ok: live > 0, live, lastBeatSecondsAgo: lastBeat === null ? null : Math.max(0, Math.round((now - lastBeat) / 1000)) };
    } catch {
      // reported as no live worker
    }
  }
  const status = !database.ok || !auditCheck.ok || !redisCheck.ok ? "down" : worker.ok ? "ok" : "degraded";
  return { status, checks: { database, audit: auditCheck, redis: redisCheck, worker }, uptimeSeconds: Math.round(process.uptime()) };
}
