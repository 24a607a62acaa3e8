import { afterAll, describe, expect, it, vi } from "vitest";
import { Worker } from "bullmq";
import { appendAudit, storedEventHash, verifyAuditChain } from "@/lib/audit";
import { db } from "@/lib/db";
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
// Only this file writes checkpoints, and its tests run one after another.

vi.hoisted(() => {
  process.env.KEYWARD_QUEUE_PREFIX = `{keyward-audit-verify-test-${process.pid}-${Date.now()}}`;
});

const noJobRun: JobContext = { progress: async () => {} };
const between = (from: string, to: string) => db.auditEvent.count({ where: { id: { gt: BigInt(from), lte: BigInt(to) } } });
const newestCheckpoint = () => db.auditCheckpoint.findFirstOrThrow({ orderBy: [{ eventId: "desc" }, { id: "desc" }] });

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
    const fullPoint = await newestCheckpoint();
    expect(fullPoint).toMatchObject({ eventId: BigInt(full.toEventId), mode: "full", checked: full.checked, fromEventId: 0n });
    expect(fullPoint.hash).toBe((await db.auditEvent.findUniqueOrThrow({ where: { id: fullPoint.eventId } })).hash);

    const added = await appendSome(5);
    const inc = await runAuditVerification({ mode: "incremental" }, noJobRun);
    expect(inc).toMatchObject({ ok: true, mode: "incremental", brokenAt: null, fromEventId: full.toEventId });
    // Exactly the events after the checkpoint: ours, the full pass's completion event, and
    // whatever other test files appended meanwhile.
    expect(inc.checked).toBe(await between(full.toEventId, inc.toEventId));
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
    expect(await newestCheckpoint()).toMatchObject({ eventId: BigInt(inc.toEventId), fromEventId: BigInt(full.toEventId), checked: inc.checked, mode: "incremental", jobRunId: run.id });
  });

  it("finds an edited event after the checkpoint, and records a broken chain without a checkpoint", async () => {
    await runAuditVerification({ mode: "incremental" }, noJobRun);
    const point = await newestCheckpoint();
    const [, edited] = await appendSome(3);
    await withRollback(async (tx) => {
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
    const point = await newestCheckpoint();
    const broken = { ok: false, brokenAt: point.eventId, checked: 0 };
    await withRollback(async (tx) => {
      await tx.$executeRaw`UPDATE "AuditEvent" SET "targetId" = 'elsewhere' WHERE id = ${point.eventId}`;
      expect(await verifyAuditChain({ from: "checkpoint", client: tx })).toMatchObject(broken);
    });
    // Edited and given the hash its new content has: it no longer carries the hash the checkpoint recorded.
    await withRollback(async (tx) => {
      await tx.$executeRaw`UPDATE "AuditEvent" SET "targetId" = 'elsewhere' WHERE id = ${point.eventId}`;
      const row = await tx.auditEvent.findUniqueOrThrow({ where: { id: point.eventId } });
      await tx.$executeRaw`UPDATE "AuditEvent" SET hash = ${storedEventHash(row)} WHERE id = ${point.eventId}`;
      expect(await verifyAuditChain({ from: "checkpoint", client: tx })).toMatchObject(broken);
    });
    await withRollback(async (tx) => {
      await tx.$executeRaw`DELETE FROM "AuditEvent" WHERE id = ${point.eventId}`;
      expect(await verifyAuditChain({ from: "checkpoint", client: tx })).toMatchObject(broken);
    });
    expect((await verifyAuditChain({ from: "checkpoint" })).ok).toBe(true);
  });

  it("a full pass finds an edit before the checkpoint, which an incremental pass does not read again", async () => {
    const [older] = await appendSome(2);
    await runAuditVerification({ mode: "incremental" }, noJobRun);
    const point = await newestCheckpoint();
    expect(older.id).toBeLessThan(point.eventId);
    await withRollback(async (tx) => {
      await tx.$executeRaw`UPDATE "AuditEvent" SET "after" = '{"edited":true}' WHERE id = ${older.id}`;
      expect(await verifyAuditChain({ from: "checkpoint", client: tx })).toMatchObject({ ok: true, fromEventId: point.eventId });
      expect(await verifyAuditChain({ from: "start", client: tx })).toMatchObject({ ok: false, brokenAt: older.id, fromEventId: 0n });
    });
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
