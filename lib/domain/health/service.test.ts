import { afterAll, describe, expect, it } from "vitest";
import { redis } from "@/lib/redis";
import { uid } from "@/lib/testing/fixtures";
import { GET } from "@/app/api/health/route";
import { checkHealth, HEARTBEAT_KEY, recordWorkerHeartbeat, startWorkerHeartbeat } from "./service";

// A key of this test's own, so workers sharing this Redis do not change the counts.
const key = `${HEARTBEAT_KEY}:test-${uid()}`;
afterAll(async () => {
  await redis().del(key);
});

describe("health", () => {
  it("reports the database, the audit head and Redis, and counts only fresh worker heartbeats", async () => {
    const at = Date.now();
    await recordWorkerHeartbeat("stale", at - 60_000, key);
    const before = await checkHealth({ now: at, key });
    expect(before.checks.database.ok).toBe(true);
    expect(before.checks.audit.ok).toBe(true);
    expect(before.checks.redis.ok).toBe(true);
    expect(before.checks.worker).toMatchObject({ ok: false, live: 0, lastBeatSecondsAgo: 60 });
    expect(before.status).toBe("degraded");

    await recordWorkerHeartbeat("fresh", at, key);
    const after = await checkHealth({ now: at, key });
    expect(after.checks.worker).toMatchObject({ ok: true, live: 1, lastBeatSecondsAgo: 0 });
    expect(after.status).toBe("ok");
  });

  it("keeps the heartbeats under the queue's prefix", async () => {
    const { QUEUE_PREFIX } = await import("@/lib/jobs/queue");
    expect(HEARTBEAT_KEY).toBe(`${QUEUE_PREFIX}:worker-heartbeats`);
  });

  it("beats at once and removes the worker on stop", async () => {
    const hb = startWorkerHeartbeat("beat", key);
    await expect.poll(() => redis().zscore(key, "beat")).not.toBeNull();
    expect(Math.abs(Number(await redis().zscore(key, "beat")) - Date.now())).toBeLessThan(5_000);
    await hb.stop();
    expect(await redis().zscore(key, "beat")).toBeNull();
  });

  it("answers 200 with JSON when the services are up, and no connection details", async () => {
    const res = await GET();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    expect(["ok", "degraded"]).toContain(body.status);
    expect(JSON.stringify(body)).not.toMatch(/postgres(ql)?:\/\/|redis:\/\//);
  });

  it("is down (503) when the database cannot be reached", async () => {
    const { db } = await import("@/lib/db");
    const original = db.$queryRaw;
    const client = (globalThis as unknown as { keywardDb: { $queryRaw: unknown } }).keywardDb;
    client.$queryRaw = () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432"));
    try {
      const res = await GET();
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body.status).toBe("down");
      expect(body.checks.database).toMatchObject({ ok: false, error: "unreachable" });
      expect(JSON.stringify(body)).not.toContain("5432");
    } finally {
      client.$queryRaw = original;
    }
  });
});
