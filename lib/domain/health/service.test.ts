import { afterAll, describe, expect, it } from "vitest";
import { redis } from "@/lib/redis";
import { uid } from "@/lib/testing/fixtures";
import { GET } from "@/app/api/health/route";
import { checkHealth, HEARTBEAT_KEY, recordWorkerHeartbeat, startWorkerHeartbeat } from "./service";

const ids: string[] = [];
afterAll(async () => {
  if (ids.length) await redis().zrem(HEARTBEAT_KEY, ...ids);
});

describe("health", () => {
  it("reports the database, the audit head and Redis, and counts only fresh worker heartbeats", async () => {
    const stale = `test-stale-${uid()}`;
    ids.push(stale);
    const now = Date.now();
    await recordWorkerHeartbeat(stale, now - 60_000);
    const before = await checkHealth(now);
    expect(before.checks.database.ok).toBe(true);
    expect(before.checks.audit.ok).toBe(true);
    expect(before.checks.redis.ok).toBe(true);

    const fresh = `test-fresh-${uid()}`;
    ids.push(fresh);
    const hb = startWorkerHeartbeat(fresh);
    await new Promise((r) => setTimeout(r, 200));
    const after = await checkHealth();
    expect(after.checks.worker.live).toBe((await redis().zcount(HEARTBEAT_KEY, Date.now() - 30_000, "+inf")));
    expect(after.checks.worker.live).toBeGreaterThan(0);
    expect(after.status).toBe("ok");
    await hb.stop();
    expect(await redis().zscore(HEARTBEAT_KEY, fresh)).toBeNull();
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
