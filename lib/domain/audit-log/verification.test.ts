import { afterAll, describe, expect, it, vi } from "vitest";
import { Worker } from "bullmq";
import { POST as anchorRoute } from "@/app/api/v1/audit/anchor/route";
import { appendAudit, storedEventHash, verifyAuditChain } from "@/lib/audit";
import { roles, scopeOf } from "@/lib/authz/permissions";
import { db, type Tx } from "@/lib/db";
import { processJob } from "@/lib/jobs/processor";
import { QUEUE_NAME, QUEUE_PREFIX, queue } from "@/lib/jobs/queue";
import type { JobContext } from "@/lib/jobs/types";
import { createRedis, redis } from "@/lib/redis";
import { getJobRunProgress } from "@/lib/domain/inventory/service";
import { createApiToken } from "@/lib/domain/tokens/service";
import { makeActor, uid, withRollback } from "@/lib/testing/fixtures";
import { installSchedules } from "@/workers/schedules";
import { getAuditChainStatus, recordAnchorCheck, recordAuditVerification, requestAuditVerification, runAuditVerification, verifyAuditAnchor } from "./verification";

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

describe("the newest verified hash, outside the database", () => {
  it("each intact verification logs the event it verified up to and its hash, which the audit page shows", async () => {
    await appendSome(2);
    const log = vi.spyOn(console, "log");
    let logged: string[] = [];
    const outcome = await runAuditVerification({ mode: "incremental" }, noJobRun).finally(() => {
      logged = log.mock.calls.map((c) => String(c[0]));
      log.mockRestore();
    });
    const lines = logged.filter((l) => l.startsWith("[audit] chain verified"));
    expect(lines).toHaveLength(1);
    const [, eventId, hash, checked, jobRunId] = /^\[audit\] chain verified up to #(\d+) sha256:([0-9a-f]{64}) \(incremental, (\d+) events\) \{"jobRunId":"([0-9a-f-]{36})"\}$/.exec(lines[0]) ?? [];
    expect({ eventId, checked: Number(checked) }).toEqual({ eventId: outcome.toEventId, checked: outcome.checked });
    // The logged pair is the checkpoint this run wrote, and the event's hash.
    expect(await db.auditCheckpoint.findFirstOrThrow({ where: { jobRunId } })).toMatchObject({ eventId: BigInt(eventId), hash });
    expect((await db.auditEvent.findUniqueOrThrow({ where: { id: BigInt(eventId) } })).hash).toBe(hash);

    const { actor } = await makeActor("auditor");
    await withRollback(async (tx) => {
      await holdHead(tx); // no newer checkpoint commits meanwhile
      const newest = await newestCheckpoint(tx);
      expect((await getAuditChainStatus(actor)).verified).toEqual({ eventId: String(newest.eventId), hash: newest.hash, at: newest.verifiedAt.toISOString() });
    });
  });
});

describe("anchor check: a hash noted outside the database", () => {
  const anchorOf = (e: { id: bigint; hash: string }) => ({ eventId: e.id, hash: e.hash });
  const run = (tx: Tx) => tx.jobRun.create({ data: { kind: "audit.anchor" } });

  it("passes on an intact chain, from the anchor to the head", async () => {
    const [anchored] = await appendSome(3);
    const check = await verifyAuditChain({ from: anchorOf(anchored) });
    expect(check).toMatchObject({ ok: true, brokenAt: null, fromEventId: anchored.id });
    expect(check.checked).toBe(await between(String(anchored.id), String(check.toEventId)));
    expect(check.checked).toBeGreaterThanOrEqual(2);
    // Another hash for the same event is not the noted one.
    expect(await verifyAuditChain({ from: { eventId: anchored.id, hash: "0".repeat(64) } })).toMatchObject({ ok: false, brokenAt: anchored.id, checked: 0 });
  });

  it("fails at an event after the anchor that was edited, and records it without a checkpoint", async () => {
    const [anchored, , edited] = await appendSome(3);
    await withRollback(async (tx) => {
      await holdHead(tx);
      await tx.$executeRaw`UPDATE "AuditEvent" SET "after" = '{"edited":true}' WHERE id = ${edited.id}`;
      const check = await verifyAuditChain({ from: anchorOf(anchored), client: tx });
      expect(check).toMatchObject({ ok: false, brokenAt: edited.id, fromEventId: anchored.id });

      const { id } = await run(tx);
      const checkpoints = await tx.auditCheckpoint.count();
      const outcome = await recordAnchorCheck(tx, check, anchorOf(anchored), id);
      expect(outcome).toEqual({ ok: false, mode: "anchor", eventId: String(anchored.id), hash: anchored.hash, checked: check.checked, brokenAt: String(edited.id), toEventId: String(check.toEventId) });
      expect(await tx.auditCheckpoint.count()).toBe(checkpoints);
      expect((await tx.jobRun.findUniqueOrThrow({ where: { id } })).message).toBe(`event #${anchored.id} carries the noted hash, but the chain after it is broken at event #${edited.id}`);
      const event = await tx.auditEvent.findFirstOrThrow({ where: { action: "audit.anchor_checked", targetId: id } });
      expect(event).toMatchObject({ actorLabel: "audit-verify", targetType: "job_run", after: outcome });
    });
  });

  it("fails at the anchor when the anchored event itself was edited, re-hashed or deleted", async () => {
    const [anchored] = await appendSome(2);
    const edits = {
      edited: (tx: Tx) => tx.$executeRaw`UPDATE "AuditEvent" SET "targetId" = 'elsewhere' WHERE id = ${anchored.id}`,
      rehashed: async (tx: Tx) => {
        await tx.$executeRaw`UPDATE "AuditEvent" SET "targetId" = 'elsewhere' WHERE id = ${anchored.id}`;
        const row = await tx.auditEvent.findUniqueOrThrow({ where: { id: anchored.id } });
        await tx.$executeRaw`UPDATE "AuditEvent" SET hash = ${storedEventHash(row)} WHERE id = ${anchored.id}`;
      },
      deleted: (tx: Tx) => tx.$executeRaw`DELETE FROM "AuditEvent" WHERE id = ${anchored.id}`,
    };
    for (const [name, edit] of Object.entries(edits)) {
      await withRollback(async (tx) => {
        await holdHead(tx);
        await edit(tx);
        const check = await verifyAuditChain({ from: anchorOf(anchored), client: tx });
        expect(check, name).toMatchObject({ ok: false, brokenAt: anchored.id, checked: 0 });
        const { id } = await run(tx);
        await recordAnchorCheck(tx, check, anchorOf(anchored), id);
        expect((await tx.jobRun.findUniqueOrThrow({ where: { id } })).message, name).toBe(`event #${anchored.id} no longer carries the noted hash (edited, rewritten or gone)`);
      });
    }
    expect((await verifyAuditChain({ from: anchorOf(anchored) })).ok).toBe(true);
  });

  it("catches a consistent rewrite of events, head and checkpoints from the anchor or before it, which every check inside the database passes", async () => {
    // Noted before the rewrite: `older` and `anchored`. The rewrite starts between them.
    const [older, rewritten, anchored] = await appendSome(3);
    await runAuditVerification({ mode: "incremental" }, noJobRun); // a checkpoint after them
    await withRollback(async (tx) => {
      await holdHead(tx);
      await rewriteChainFrom(tx, rewritten.id, "edit");
      // What an attacker with the database also does: every checkpoint from the rewrite on
      // recorded with its event's new hash.
      const points = await tx.auditCheckpoint.findMany({ where: { eventId: { gte: rewritten.id } } });
      expect(points.length).toBeGreaterThanOrEqual(1);
      for (const p of points) {
        const event = await tx.auditEvent.findUniqueOrThrow({ where: { id: p.eventId } });
        await tx.auditCheckpoint.update({ where: { id: p.id }, data: { hash: event.hash } });
      }
      expect(await verifyAuditChain({ from: "start", client: tx })).toMatchObject({ ok: true });
      expect(await verifyAuditChain({ from: "checkpoint", client: tx })).toMatchObject({ ok: true });

      // The noted hash is outside the attacker's reach.
      expect((await tx.auditEvent.findUniqueOrThrow({ where: { id: anchored.id } })).hash).not.toBe(anchored.hash);
      expect(await verifyAuditChain({ from: anchorOf(anchored), client: tx })).toMatchObject({ ok: false, brokenAt: anchored.id, checked: 0 });
      // What remains: a rewrite that starts after an anchor is not that anchor's to see (a newer one's is).
      expect(await verifyAuditChain({ from: anchorOf(older), client: tx })).toMatchObject({ ok: true });
    });
    expect((await verifyAuditChain({ from: anchorOf(anchored) })).ok).toBe(true);
  });

  it("runs as the audit.verify job in mode anchor: the outcome on the requester's JobRun and in audit.anchor_checked, no checkpoint, not the chain status", async () => {
    const [anchored] = await appendSome(2);
    const { actor } = await makeActor("auditor");
    // As noted from the page or the log line: "sha256:" in front, any case, stray spaces.
    const requested = await verifyAuditAnchor(actor, { eventId: Number(anchored.id), hash: ` sha256:${anchored.hash.toUpperCase()} ` });
    expect(requested).toMatchObject({ eventId: String(anchored.id), hash: anchored.hash, status: "queued" });
    // One under way per person, shared with verifications.
    await expect(requestAuditVerification(actor, {})).rejects.toMatchObject({ code: "conflict" });

    const { actor: other } = await makeActor("security");
    const mismatch = await verifyAuditAnchor(other, { eventId: String(anchored.id), hash: "ab".repeat(32) });

    const worker = new Worker(QUEUE_NAME, processJob, { connection: createRedis({ maxRetriesPerRequest: null }), prefix: QUEUE_PREFIX });
    try {
      // The requester reads their own run (GET /api/v1/jobs/{id}) without hygiene:run.
      const done = await waitFor(() => getJobRunProgress(actor, requested.jobRunId), (r) => r.status === "succeeded" || r.status === "failed");
      expect(done).toMatchObject({ kind: "audit.anchor", status: "succeeded", requestedById: actor.id });
      const outcome = done.result as { ok: boolean; checked: number; toEventId: string };
      expect(outcome).toMatchObject({ ok: true, mode: "anchor", eventId: String(anchored.id), hash: anchored.hash, brokenAt: null });
      expect(outcome.checked).toBe(await between(String(anchored.id), outcome.toEventId));
      expect(done.message).toBe(`event #${anchored.id} carries the noted hash; chain intact from it up to event #${outcome.toEventId} (${outcome.checked.toLocaleString("en-US")} events checked)`);
      const events = await db.auditEvent.findMany({ where: { targetType: "job_run", targetId: requested.jobRunId }, orderBy: { id: "asc" } });
      expect(events.map((e) => [e.action, e.actorLabel, e.after])).toEqual([
        ["audit.verify.requested", actor.label, { mode: "anchor", eventId: String(anchored.id), hash: anchored.hash }],
        ["audit.anchor_checked", "audit-verify", outcome],
      ]);
      expect(await db.auditCheckpoint.count({ where: { jobRunId: requested.jobRunId } })).toBe(0);
      expect((await getAuditChainStatus(actor)).last?.jobRunId).not.toBe(requested.jobRunId);

      const wrong = await waitFor(() => db.jobRun.findUnique({ where: { id: mismatch.jobRunId } }), (r) => r.status === "succeeded");
      expect(wrong.result).toMatchObject({ ok: false, brokenAt: String(anchored.id), checked: 0 });
    } finally {
      await worker.close();
    }
  });

  it("refuses bad input with field errors (400) and roles without audit:read (403), through the route", async () => {
    const post = async (token: string, body: unknown) => {
      const res = await anchorRoute(
        new Request("http://test/api/v1/audit/anchor", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) }),
        { params: Promise.resolve({}) },
      );
      return { status: res.status, body: (await res.json()) as { error?: { code: string; fields?: Record<string, string[]> } } };
    };
    const { actor } = await makeActor("auditor");
    const token = (await createApiToken(actor, { name: `anchor-${uid()}` })).token;
    const hash = "a".repeat(64);
    const bad: Array<[unknown, string[]]> = [
      [{ eventId: 0, hash }, ["eventId"]],
      [{ eventId: -3, hash }, ["eventId"]],
      [{ eventId: 1.5, hash }, ["eventId"]],
      [{ eventId: "12a", hash }, ["eventId"]],
      [{ eventId: 7, hash: hash.slice(1) }, ["hash"]],
      [{ eventId: 7, hash: `sha1:${hash}` }, ["hash"]],
      [{ eventId: 7, hash: "g".repeat(64) }, ["hash"]],
      [{}, ["eventId", "hash"]],
      [{ eventId: 7, hash, mode: "full" }, ["_"]],
    ];
    for (const [body, fields] of bad) {
      const res = await post(token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error?.code).toBe("validation_failed");
      expect(Object.keys(res.body.error?.fields ?? {}).sort(), JSON.stringify(body)).toEqual(fields);
    }
    expect(await db.jobRun.count({ where: { requestedById: actor.id } })).toBe(0);

    const denied = roles.filter((r) => scopeOf(r, "audit:read") === null);
    expect(denied.length).toBeGreaterThan(0);
    for (const role of denied) {
      const { actor: someone } = await makeActor(role);
      const res = await post((await createApiToken(someone, { name: `anchor-${uid()}` })).token, { eventId: 1, hash });
      expect(res.status, role).toBe(403);
      expect(await db.jobRun.count({ where: { requestedById: someone.id } }), role).toBe(0);
    }
    // The same body is accepted from an auditor (202, queued).
    expect((await post(token, { eventId: "1", hash: `sha256:${hash}` })).status).toBe(202);
  });
});
