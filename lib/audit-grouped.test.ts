import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { appendAudit, appendAuditGrouped, AuditGroup, auditGroupHealth, setAuditGroup, storedEventHash, verifyAuditChain } from "@/lib/audit";
import { db } from "@/lib/db";
import { checkHealth } from "@/lib/domain/health/service";
import { makeActor, uid, withRollback } from "@/lib/testing/fixtures";

// Grouped audit appends (SECURITY.md invariant 4): several writers, each standing for another
// web process with its own connections, append at once; the chain must stay one linear chain.

const pools: pg.Pool[] = [];
function processPool() {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  pools.push(pool);
  return pool;
}

afterAll(async () => {
  setAuditGroup(null);
  await Promise.all(pools.map((p) => p.end()));
});

/** Verifies the chain links between the events from `fromId` on (other test files append too). */
async function verifySegment(fromId: bigint) {
  const rows = await db.auditEvent.findMany({ where: { id: { gte: fromId } }, orderBy: { id: "asc" } });
  for (let i = 1; i < rows.length; i++) {
    const r = rows[i];
    expect(r.prevHash).toBe(rows[i - 1].hash);
    expect(r.hash).toBe(storedEventHash(r));
  }
  return rows;
}

describe("grouped audit appends", () => {
  it("keeps one linear chain with three processes appending grouped and in transactions at once", async () => {
    const { actor } = await makeActor("admin");
    const tag = `grouped-${uid()}`;
    const start = await db.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
    const a = new AuditGroup(() => pools[0] ?? processPool());
    const b = new AuditGroup(processPool);
    const N = 300;
    const jobs: Promise<void>[] = [];
    for (let i = 0; i < N; i++) {
      jobs.push(a.append({ ...actor, ip: "10.0.0.1" }, { action: `${tag}.a`, targetType: "test", targetId: String(i), after: { i, note: "ünïcode ✓" } }));
      jobs.push(b.append(actor, { action: `${tag}.b`, targetType: "test", targetId: String(i), before: { i }, after: null }));
      jobs.push(appendAuditGrouped(actor, { action: `${tag}.default`, targetType: "test", targetId: String(i) }));
      if (i % 30 === 0) jobs.push(db.$transaction((tx) => appendAudit(tx, actor, { action: `${tag}.tx`, targetType: "test", targetId: String(i) })));
    }
    await Promise.all(jobs);

    const counts = await db.auditEvent.groupBy({ by: ["action"], where: { action: { startsWith: tag } }, _count: true });
    expect(Object.fromEntries(counts.map((c) => [c.action, c._count]))).toEqual({ [`${tag}.a`]: N, [`${tag}.b`]: N, [`${tag}.default`]: N, [`${tag}.tx`]: 10 });
    // Grouping happened: far fewer writes than events.
    expect(a.health().events).toBe(N);
    expect(a.health().writes).toBeLessThan(N / 2);
    expect(b.health().writes).toBeLessThan(N / 2);

    const rows = await verifySegment(start?.id ?? 1n);
    expect(rows.filter((r) => r.action.startsWith(tag))).toHaveLength(3 * N + 10);
    // Each writer's events keep their order within the chain.
    const order = rows.filter((r) => r.action === `${tag}.a`).map((r) => Number(r.targetId));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    // One statement, one snapshot: other test files keep appending between two separate reads.
    const [tip] = await db.$queryRaw<{ lastHash: string; hash: string }[]>`
      SELECT h."lastHash", (SELECT e.hash FROM "AuditEvent" e ORDER BY e.id DESC LIMIT 1) AS hash FROM "AuditHead" h WHERE h.id = 1`;
    expect(tip!.lastHash).toBe(tip!.hash);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("hashes in the database exactly as chainHash does, whatever the characters", async () => {
    const { actor } = await makeActor("admin");
    const tag = `grouped-utf8-${uid()}`;
    const first = await db.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
    const odd = ["ünïcødé", "🔑 key\u2028line", 'quote " back\\slash', "\u0001ctl", "日本語"];
    await Promise.all(odd.map((s, i) => appendAuditGrouped(actor, { action: tag, targetType: "test", targetId: String(i), after: { s, nested: { s, n: i } } })));
    const rows = await verifySegment(first?.id ?? 0n);
    expect(rows.filter((r) => r.action === tag)).toHaveLength(odd.length);
  });

  it("detects an edited grouped event", async () => {
    const { actor } = await makeActor("admin");
    const tag = `grouped-edit-${uid()}`;
    await Promise.all([0, 1, 2, 3].map((i) => appendAuditGrouped(actor, { action: tag, targetType: "test", targetId: String(i) })));
    const row = await db.auditEvent.findFirstOrThrow({ where: { action: tag, targetId: "1" } });
    await withRollback(async (tx) => {
      await tx.$executeRaw`UPDATE "AuditEvent" SET "targetId" = '9' WHERE id = ${row.id}`;
      const res = await verifyAuditChain({ client: tx });
      expect(res.ok).toBe(false);
      expect(res.brokenAt).toBe(row.id);
    });
  });

  it("rejects every waiting caller when the write fails, and health shows it", async () => {
    const { actor } = await makeActor("admin");
    const broken = new AuditGroup(() => ({ connect: () => Promise.reject(new Error("database unreachable")) }));
    setAuditGroup(broken);
    try {
      const results = await Promise.allSettled([1, 2, 3].map((i) => appendAuditGrouped(actor, { action: "test.fail", targetType: "test", targetId: String(i) })));
      expect(results.every((r) => r.status === "rejected")).toBe(true);
      expect(auditGroupHealth()).toMatchObject({ failing: true });
      expect(auditGroupHealth().failures).toBeGreaterThanOrEqual(1);
      const health = await checkHealth();
      expect(health.checks.audit.ok).toBe(false);
      expect(health.checks.audit.error).toMatch(/audit appends failing/);
      expect(health.status).toBe("down");
      expect(JSON.stringify(health)).not.toContain("database unreachable"); // public endpoint: no internals
    } finally {
      setAuditGroup(null);
    }
    // A fresh writer works again and health recovers.
    await appendAuditGrouped(actor, { action: "test.ok", targetType: "test" });
    expect(auditGroupHealth().failing).toBe(false);
  });
});
