import { afterAll, describe, expect, it, vi } from "vitest";
import { Worker } from "bullmq";
import { appendAudit, storedEventHash, verifyAuditChain } from "@/lib/audit";
import { db, type Tx } from "@/lib/db";
import { processJob } from "@/lib/jobs/processor";
import { QUEUE_NAME, QUEUE_PREFIX, queue } from "@/lib/jobs/queue";
import type { JobContext } from "@/lib/jobs/types";
import { createRedis, redis } from "@/lib/redis";
import { makeActor, uid, withRollback } from "@/lib/testing/fixtures";
import { installSchedules } from "@/workers/schedules";
import { getAuditChainStatus, recordAuditVerification, requestAuditVerification, runAuditVerification } from "./verification";

// Verification of the audit chain against the real database and a real queue. Other test files
// append events meanwhile, so counts are taken over the id range a check reports, and edits are
// made in transactions that are rolled back (withRollback): no other file ever sees them.
// Other files write checkpoints too (the demo seed ends with a full verification), so a test
// that needs the newest checkpoint to stay put holds the head (holdHead) before reading it.

vi.hoisted(() => {
  process.env.KEYWARD_QUEUE_PREFIX = `{keyward-audit-verify-test-${process.pid}-${Date.now()}}`;
});

const noJobRun: JobContext = { progress: async () => {} };
const between = (from: string, to: string) => db.auditEvent.count({ where: { id: { gt: BigInt(from), lte: BigInt(to) } } });
const newestCheckpoint = (client: Pick<Tx, "auditCheckpoint"> = db) => client.auditCheckpoint.findFirstOrThrow({ orderBy: [{ eventId: "desc" }, { id: "desc" }] });
/**
 * Locks the head row until the transaction ends: no event commits meanwhile, and no checkpoint
 * either (one commits with its completion event, which needs the head).
 */
const holdHead = (tx: Tx) => tx.$queryRaw`SELECT 1 FROM "AuditHead" WHERE id = 1 FOR UPDATE`;

/**
 * What someone with write access to the database could do: change event `fromId` (or delete it),
 * then recompute every later event's links and hashes and the head, so that the events alone
 * verify again. Call with the head held.
 */
async function rewriteChainFrom(tx: Tx, fromId: bigint, change: "edit" | "delete") {
  const head = await tx.auditHead.findUniqueOrThrow({ where: { id: 1 } });
  const first = await tx.auditEvent.findUniqueOrThrow({ where: { id: fromId } });
  if (change === "edit") await tx.$executeRaw`UPDATE "AuditEvent" SET "targetId" = 'rewritten' WHERE id = ${fromId}`;
  else await tx.$executeRaw`DELETE FROM "AuditEvent" WHERE id = ${fromId}`;
  let prev = first.prevHash;
  let lastId = fromId - 1n;
  for (const r of await tx.auditEvent.findMany({ where: { id: { gte: fromId, lte: head.lastId } }, orderBy: { id: "asc" } })) {
    const hash = storedEventHash({ ...r, prevHash: prev });
    await tx.$executeRaw`UPDATE "AuditEvent" SET "prevHash" = ${prev}, hash = ${hash} WHERE id = ${r.id}`;
    prev = hash;
    lastId = r.id;
  }
  await tx.$executeRaw`UPDATE "AuditHead" SET "lastId" = ${lastId}, "lastHash" = ${prev} WHERE id = 1`;
}

async function appendSome(n: number) {
  const { actor } = await makeActor("admin");
  const tag = `verify-${uid()}`;
  for (let i = 0; i < n; i++) await db.$transaction((tx) => appendAudit(tx, actor, { action: tag, targetType: "test", targetId: String(i) }));
  return db.auditEvent.findMany({ where: { action: tag }, orderBy: { id: "asc" } });
}

async function waitFor<T>(read: () => Promise<T | null>, done: (v: T) => boolean): Promise<T> {
  let v: T | null = null;
  for (let i = 0; i < 600; i++) {
    v = await read();
    if (v && done(v)) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out; last seen ${JSON.stringify(v)}`);
}

afterAll(async () => {
  await queue().obliterate({ force: true });
  await queue().close();
  redis().disconnect();
  await db.$disconnect();
});

describe("audit chain verification from checkpoints", () => {
  it("records a checkpoint after a full pass; the next incremental pass checks only the events after it", async () => {
    await appendSome(3);
    const full = await runAuditVerification({ mode: "full" }, noJobRun);
    expect(full).toMatchObject({ ok: true, mode: "full", brokenAt: null, fromEventId: "0" });
    expect(full.checked).toBe(await between("0", full.toEventId));
    const fullPoint = await db.auditCheckpoint.findFirstOrThrow({ where: { eventId: BigInt(full.toEventId), mode: "full" } });
    expect(fullPoint).toMatchObject({ checked: full.checked, fromEventId: 0n });
    expect(fullPoint.hash).toBe((await db.auditEvent.findUniqueOrThrow({ where: { id: fullPoint.eventId } })).hash);

    const added = await appendSome(5);
    const inc = await runAuditVerification({ mode: "incremental" }, noJobRun);
    expect(inc).toMatchObject({ ok: true, mode: "incremental", brokenAt: null });
    // From the newest checkpoint: this full pass's, or one another file wrote since. Exactly the
    // events after it: ours, the full pass's completion event, and whatever other test files
    // appended meanwhile.
    expect(BigInt(inc.fromEventId)).toBeGreaterThanOrEqual(BigInt(full.toEventId));
    expect(inc.checked).toBe(await between(inc.fromEventId, inc.toEventId));
    expect(inc.checked).toBeGreaterThanOrEqual(added.length + 1);
    expect(BigInt(inc.toEventId)).toBeGreaterThanOrEqual(added.at(-1)!.id);

    // Its own JobRun (started without one, as the scheduler does), the completion event and the new checkpoint.
    const done = await db.auditEvent.findFirstOrThrow({ where: { action: "audit.verify.completed", after: { path: ["toEventId"], equals: inc.toEventId } }, orderBy: { id: "desc" } });
    expect(done.after).toEqual(inc);
    expect(done.actorLabel).toBe("audit-verify");
    const run = await db.jobRun.findUniqueOrThrow({ where: { id: done.targetId! } });
    expect(run).toMatchObject({ kind: "audit.verify", status: "succeeded", progress: inc.checked, total: inc.checked });
    expect(run.result).toEqual(inc);
    expect(run.message).toMatch(/^chain intact up to event #/);
    expect(await db.auditCheckpoint.findFirstOrThrow({ where: { jobRunId: run.id } })).toMatchObject({
      eventId: BigInt(inc.toEventId), fromEventId: BigInt(inc.fromEventId), checked: inc.checked, mode: "incremental",
    });
  });

  it("finds an edited event after the checkpoint, and records a broken chain without a checkpoint", async () => {
    await runAuditVerification({ mode: "incremental" }, noJobRun);
    const [, edited] = await appendSome(3);
    await withRollback(async (tx) => {
      await holdHead(tx);
      const point = await newestCheckpoint(tx);
      await tx.$executeRaw`UPDATE "AuditEvent" SET "actorLabel" = 'someone else' WHERE id = ${edited.id}`;
      const check = await verifyAuditChain({ from: "checkpoint", client: tx });
      expect(check).toMatchObject({ ok: false, brokenAt: edited.id, fromEventId: point.eventId });

      const run = await tx.jobRun.create({ data: { kind: "audit.verify" } });
      const checkpoints = await tx.auditCheckpoint.count();
      const outcome = await recordAuditVerification(tx, check, "incremental", run.id);
      expect(outcome).toMatchObject({ ok: false, brokenAt: String(edited.id) });
      expect(await tx.auditCheckpoint.count()).toBe(checkpoints);
      expect((await tx.jobRun.findUniqueOrThrow({ where: { id: run.id } })).message).toBe(`chain broken at event #${edited.id} (incremental)`);
      const event = await tx.auditEvent.findFirstOrThrow({ where: { action: "audit.verify.completed", targetId: run.id } });
      expect(event.after).toEqual(outcome);
    });
    expect((await verifyAuditChain({ from: "checkpoint" })).ok).toBe(true);
  });

  it("finds an edited, rewritten or deleted checkpoint event", async () => {
    await appendSome(2);
    await runAuditVerification({ mode: "incremental" }, noJobRun);
    /** Runs `edit` on the newest checkpoint's event, with the head held so that it stays the newest. */
    const atCheckpoint = (edit: (tx: Tx, eventId: bigint) => Promise<unknown>) =>
      withRollback(async (tx) => {
        await holdHead(tx);
        const point = await newestCheckpoint(tx);
        await edit(tx, point.eventId);
        expect(await verifyAuditChain({ from: "checkpoint", client: tx })).toMatchObject({ ok: false, brokenAt: point.eventId, checked: 0 });
      });
    await atCheckpoint((tx, id) => tx.$executeRaw`UPDATE "AuditEvent" SET "targetId" = 'elsewhere' WHERE id = ${id}`);
    // Edited and given the hash its new content has: it no longer carries the hash the checkpoint recorded.
    await atCheckpoint(async (tx, id) => {
      await tx.$executeRaw`UPDATE "AuditEvent" SET "targetId" = 'elsewhere' WHERE id = ${id}`;
      const row = await tx.auditEvent.findUniqueOrThrow({ where: { id } });
      await tx.$executeRaw`UPDATE "AuditEvent" SET hash = ${storedEventHash(row)} WHERE id = ${id}`;
    });
    await atCheckpoint((tx, id) => tx.$executeRaw`DELETE FROM "AuditEvent" WHERE id = ${id}`);
    expect((await verifyAuditChain({ from: "checkpoint" })).ok).toBe(true);
  });

  it("a full pass finds an edit before the checkpoint, which an incremental pass does not read again", async () => {
    const [older] = await appendSome(2);
    await runAuditVerification({ mode: "incremental" }, noJobRun);
    await withRollback(async (tx) => {
      await holdHead(tx);
      const point = await newestCheckpoint(tx);
      expect(older.id).toBeLessThan(point.eventId);
      await tx.$executeRaw`UPDATE "AuditEvent" SET "after" = '{"edited":true}' WHERE id = ${older.id}`;
      expect(await verifyAuditChain({ from: "checkpoint", client: tx })).toMatchObject({ ok: true, fromEventId: point.eventId });
      expect(await verifyAuditChain({ from: "start", client: tx })).toMatchObject({ ok: false, brokenAt: older.id, fromEventId: 0n });
    });
  });

  it("a full pass finds a chain rewritten consistently from some event on (events and head), at the first checkpoint it passes", async () => {
    const [rewritten] = await appendSome(2);
    await runAuditVerification({ mode: "incremental" }, noJobRun); // a checkpoint after `rewritten`
    for (const change of ["edit", "delete"] as const) {
      await withRollback(async (tx) => {
        await holdHead(tx);
        const passed = await tx.auditCheckpoint.findMany({ where: { eventId: { gte: rewritten.id } }, orderBy: { eventId: "asc" } });
        expect(passed.length).toBeGreaterThanOrEqual(1);
        await rewriteChainFrom(tx, rewritten.id, change);
        expect(await verifyAuditChain({ from: "start", client: tx }), change).toMatchObject({ ok: false, brokenAt: passed[0].eventId, fromEventId: 0n });
        // Only the checkpoints tell: without them the rewritten chain verifies.
        await tx.auditCheckpoint.deleteMany({ where: { eventId: { gte: rewritten.id } } });
        expect(await verifyAuditChain({ from: "start", client: tx }), change).toMatchObject({ ok: true });
      });
    }
    // Events removed from the end, the head moved back onto the last one left: the checkpoints
    // past the new head were not reached.
    await withRollback(async (tx) => {
      await holdHead(tx);
      const last = await tx.auditEvent.findFirstOrThrow({ where: { id: { lt: rewritten.id } }, orderBy: { id: "desc" } });
      await tx.$executeRaw`DELETE FROM "AuditEvent" WHERE id >= ${rewritten.id}`;
      await tx.$executeRaw`UPDATE "AuditHead" SET "lastId" = ${last.id}, "lastHash" = ${last.hash} WHERE id = 1`;
      const first = await tx.auditCheckpoint.findFirstOrThrow({ where: { eventId: { gte: rewritten.id } }, orderBy: { eventId: "asc" } });
      expect(await verifyAuditChain({ from: "start", client: tx })).toMatchObject({ ok: false, brokenAt: first.eventId, toEventId: last.id });
    });
    expect((await verifyAuditChain({ from: "checkpoint" })).ok).toBe(true);
  });

  it("runs on request through a real BullMQ queue, one request under way per person, and the status shows it", async () => {
    const { actor } = await makeActor("auditor");
    const requested = await requestAuditVerification(actor, { mode: "full" });
    expect(requested).toMatchObject({ mode: "full", status: "queued" });
    // No worker yet: it is still queued, so a second request from the same person is refused.
    await expect(requestAuditVerification(actor, { mode: "incremental" })).rejects.toMatchObject({ code: "conflict" });
    expect((await getAuditChainStatus(actor)).running).not.toBeNull();

    const worker = new Worker(QUEUE_NAME, processJob, { connection: createRedis({ maxRetriesPerRequest: null }), prefix: QUEUE_PREFIX });
    try {
      const run = await waitFor(() => db.jobRun.findUnique({ where: { id: requested.jobRunId } }), (r) => r.status === "succeeded" || r.status === "failed");
      expect(run.status).toBe("succeeded");
      const outcome = run.result as { ok: boolean; mode: string; checked: number; fromEventId: string; toEventId: string };
      expect(outcome).toMatchObject({ ok: true, mode: "full", fromEventId: "0" });
      expect(outcome.checked).toBe(await between("0", outcome.toEventId));
      expect(run.progress).toBe(outcome.checked);
      expect(await db.auditCheckpoint.count({ where: { jobRunId: run.id, mode: "full", eventId: BigInt(outcome.toEventId) } })).toBe(1);
      const events = await db.auditEvent.findMany({ where: { targetType: "job_run", targetId: run.id }, orderBy: { id: "asc" } });
      expect(events.map((e) => [e.action, e.actorLabel])).toEqual([["audit.verify.requested", actor.label], ["audit.verify.completed", "audit-verify"]]);

      const status = await getAuditChainStatus(actor);
      expect(status.last).toMatchObject({ ...outcome, jobRunId: run.id, checkedAt: run.finishedAt!.toISOString() });

      // Finished: the same person may ask again. The scheduler's payload (no JobRun) runs too.
      const again = await requestAuditVerification(actor, {});
      await queue().add("audit.verify", { mode: "incremental" });
      const next = await waitFor(() => db.jobRun.findUnique({ where: { id: again.jobRunId } }), (r) => r.status === "succeeded");
      expect(next.result).toMatchObject({ ok: true, mode: "incremental" });
      await waitFor(
        () => db.auditEvent.findFirst({ where: { action: "audit.verify.completed", actorLabel: "audit-verify", id: { gt: events[1].id }, NOT: { targetId: again.jobRunId } } }),
        (e) => (e.after as { ok: boolean }).ok,
      );
    } finally {
      await worker.close();
    }
  });

  it("refuses roles without audit:read and a mode it does not know", async () => {
    const { actor: developer } = await makeActor("developer");
    await expect(requestAuditVerification(developer, {})).rejects.toMatchObject({ code: "forbidden" });
    await expect(getAuditChainStatus(developer)).rejects.toMatchObject({ code: "forbidden" });
    const { actor } = await makeActor("security");
    await expect(requestAuditVerification(actor, { mode: "partial" })).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("is scheduled hourly from the checkpoint and weekly in full", async () => {
    await installSchedules(queue());
    const schedulers = await queue().getJobSchedulers();
    const byKey = Object.fromEntries(schedulers.map((s) => [s.key, s]));
    expect(byKey["hourly-audit-verify"]).toMatchObject({ name: "audit.verify", pattern: "15 * * * *" });
    expect(byKey["weekly-audit-verify-full"]).toMatchObject({ name: "audit.verify", pattern: "45 4 * * 0" });
    expect(byKey["hourly-audit-verify"].template?.data).toEqual({ mode: "incremental" });
    expect(byKey["weekly-audit-verify-full"].template?.data).toEqual({ mode: "full" });
  });
});
