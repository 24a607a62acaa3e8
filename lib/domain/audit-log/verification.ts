import "server-only";
import { z } from "zod";
import { appendAudit, verifyAuditChain, type TAuditAnchor, type TChainCheck } from "@/lib/audit";
import { authorize, systemActor, type Actor } from "@/lib/authz/authorize";
import { db, type Tx } from "@/lib/db";
import { AppError, parse } from "@/lib/errors";
import { inJobRun } from "@/lib/jobs/runs";
import type { JobContext } from "@/lib/jobs/types";
import { logError, logInfo } from "@/lib/log";
import { verifyModes, ZAuditAnchorRequest, ZAuditVerifyRequest, type TAuditAnchorOutcome, type TAuditVerifyOutcome, type TVerifyMode } from "./schemas";

// Verifying the audit chain runs in the workers (job audit.verify): hourly from the newest
// checkpoint, weekly and on request from the first event (workers/schedules.ts). The audit page
// shows the newest finished run and the progress of a running one; it never verifies on load.
// An anchor check (an event id and the hash someone noted outside the database) is the same job
// in mode "anchor": the chain from an anchor noted months ago is as long as a large part of a full
// pass, so it is queued like one rather than run inside a web request.

const ZVerifyJob = z.strictObject({ mode: z.enum(verifyModes).default("incremental"), jobRunId: z.uuid().optional() });
const ZAnchorJob = z.strictObject({ mode: z.literal("anchor"), eventId: z.string().regex(/^\d+$/), hash: z.string().regex(/^[0-9a-f]{64}$/), jobRunId: z.uuid() });
export const ZAuditVerifyJob = z.union([ZAnchorJob, ZVerifyJob]);

const KIND = "audit.verify";
/** Anchor checks' JobRuns: their own kind, so the page's chain status never shows one as a verification. */
const ANCHOR_KIND = "audit.anchor";
const verifier = systemActor("audit-verify");
// A verification queued or running for longer than this is taken as lost (its worker died), so
// it neither blocks a new request nor shows as running forever.
const ACTIVE_FOR_MS = 60 * 60_000;

const fmt = (n: number) => n.toLocaleString("en-US");

/**
 * The job: verifies, then records the outcome (and, when intact, a checkpoint) in one transaction.
 * An intact chain is also logged with the verified head's id and hash, so the logs shipped out of
 * the database (a SIEM) hold a copy of each checkpoint that a rewrite of the database cannot reach.
 */
export async function runAuditVerification(input: z.output<typeof ZVerifyJob>, ctx: JobContext) {
  const { mode } = input;
  return inJobRun(KIND, input.jobRunId, ctx, `scheduled ${mode} verification`, async (runId, progress) => {
    const check = await verifyAuditChain({
      from: mode === "full" ? "start" : "checkpoint",
      progress: (n, total) => progress(n, total, `${mode}: ${fmt(n)} of ${fmt(total)} events checked`),
    });
    const outcome = await db.$transaction((tx) => recordAuditVerification(tx, check, mode, runId));
    // After the commit: a logged hash is one the checkpoints hold too.
    if (check.ok && check.toEventId > 0n) logInfo("audit", `chain verified up to #${check.toEventId} sha256:${check.toHash} (${mode}, ${check.checked} events)`, { jobRunId: runId });
    return outcome;
  });
}

/** The job in mode anchor: checks the chain from the anchor and records the outcome; writes no checkpoint. */
export async function runAnchorCheck(input: z.output<typeof ZAnchorJob>, ctx: JobContext) {
  const anchor = { eventId: BigInt(input.eventId), hash: input.hash };
  const check = await verifyAuditChain({
    from: anchor,
    progress: (n, total) => ctx.progress(n, total, `anchor #${input.eventId}: ${fmt(n)} of ${fmt(total)} events checked`),
  });
  return db.$transaction((tx) => recordAnchorCheck(tx, check, anchor, input.jobRunId));
}

/** Records a finished anchor check on its JobRun, with an audit.anchor_checked event, in the caller's transaction. */
export async function recordAnchorCheck(tx: Tx, check: TChainCheck, anchor: TAuditAnchor, jobRunId: string): Promise<TAuditAnchorOutcome> {
  const outcome: TAuditAnchorOutcome = {
    ok: check.ok,
    mode: "anchor",
    eventId: anchor.eventId.toString(),
    hash: anchor.hash,
    checked: check.checked,
    brokenAt: check.brokenAt?.toString() ?? null,
    toEventId: check.toEventId.toString(),
  };
  const message = check.ok
    ? `event #${outcome.eventId} carries the noted hash; chain intact from it up to event #${outcome.toEventId} (${fmt(check.checked)} events checked)`
    : check.brokenAt === anchor.eventId
      ? `event #${outcome.eventId} no longer carries the noted hash (edited, rewritten or gone)`
      : `event #${outcome.eventId} carries the noted hash, but the chain after it is broken at event #${outcome.brokenAt}`;
  if (!check.ok) logError("audit", `anchor check failed: ${message}`, { jobRunId });
  await tx.jobRun.update({ where: { id: jobRunId }, data: { message } });
  await appendAudit(tx, verifier, { action: "audit.anchor_checked", targetType: "job_run", targetId: jobRunId, after: outcome });
  return outcome;
}

/**
 * Records a finished check on its JobRun, in the caller's transaction: a checkpoint when the chain
 * is intact (where the next incremental check starts), and an audit.verify.completed event.
 */
export async function recordAuditVerification(tx: Tx, check: TChainCheck, mode: TVerifyMode, jobRunId: string): Promise<TAuditVerifyOutcome> {
  const outcome: TAuditVerifyOutcome = {
    ok: check.ok,
    mode,
    checked: check.checked,
    brokenAt: check.brokenAt?.toString() ?? null,
    fromEventId: check.fromEventId.toString(),
    toEventId: check.toEventId.toString(),
  };
  if (check.ok && check.toEventId > 0n) {
    await tx.auditCheckpoint.create({
      data: { eventId: check.toEventId, hash: check.toHash, checked: check.checked, mode, fromEventId: check.fromEventId, jobRunId },
    });
  } else if (!check.ok) {
    logError("audit", `audit chain broken at event #${outcome.brokenAt}`, { mode, jobRunId });
  }
  const message = check.ok
    ? `chain intact up to event #${outcome.toEventId} (${mode}, ${fmt(check.checked)} events checked)`
    : `chain broken at event #${outcome.brokenAt} (${mode})`;
  await tx.jobRun.update({ where: { id: jobRunId }, data: { message } });
  await appendAudit(tx, verifier, { action: "audit.verify.completed", targetType: "job_run", targetId: jobRunId, after: outcome });
  return outcome;
}

const activeSince = () => new Date(Date.now() - ACTIVE_FOR_MS);

/**
 * Verify now (audit page, API): queues a verification. One under way per person: a second request
 * from them is refused until it finishes, so nobody can queue pass after pass over a large log.
 */
export async function requestAuditVerification(actor: Actor, input: unknown = {}) {
  authorize(actor, "audit:read");
  const { mode } = parse(ZAuditVerifyRequest, input);
  const jobRunId = await queueVerification(actor, KIND, `${mode} verification queued`, { mode });
  return { jobRunId, mode, status: "queued" as const };
}

/**
 * Check a noted hash (audit page, API): queues a check that event `eventId` still carries `hash`
 * and that the chain from it to the head verifies; the outcome lands on the JobRun (GET
 * /api/v1/jobs/{id}) and in an audit.anchor_checked event. Held to the same one-under-way rule.
 */
export async function verifyAuditAnchor(actor: Actor, input: unknown) {
  authorize(actor, "audit:read");
  const { eventId, hash } = parse(ZAuditAnchorRequest, input);
  const jobRunId = await queueVerification(actor, ANCHOR_KIND, `anchor check of event #${eventId} queued`, { mode: "anchor", eventId, hash });
  return { jobRunId, eventId, hash, status: "queued" as const };
}

/** Records the request (a JobRun and an audit.verify.requested event) and queues the job on it. */
async function queueVerification(actor: Actor, kind: string, message: string, data: { mode: TVerifyMode } | Omit<z.input<typeof ZAnchorJob>, "jobRunId">) {
  const requestedById = actor.kind === "system" ? null : actor.id;
  const run = await db.$transaction(async (tx) => {
    if (requestedById) {
      // Requests take turns, so two at once cannot both find nothing under way.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('audit.verify'))`;
      const active = await tx.jobRun.findFirst({ where: { kind: { in: [KIND, ANCHOR_KIND] }, requestedById, status: { in: ["queued", "running"] }, createdAt: { gte: activeSince() } } });
      if (active) throw new AppError("conflict", "Your verification is still under way; its progress shows on the audit page.");
    }
    const created = await tx.jobRun.create({ data: { kind, requestedById, message } });
    await appendAudit(tx, actor, { action: "audit.verify.requested", targetType: "job_run", targetId: created.id, after: data });
    return created;
  });
  const { enqueue } = await import("@/lib/jobs/queue");
  try {
    await enqueue(KIND, { ...data, jobRunId: run.id }, { jobId: `${KIND}.${run.id}` });
  } catch (e) {
    await db.jobRun.update({ where: { id: run.id }, data: { status: "failed", finishedAt: new Date(), message: "The job queue is unreachable." } });
    throw e;
  }
  return run.id;
}

/** The newest finished verification, one under way, and a newer one that failed to run: no verification here. */
export async function getAuditChainStatus(actor: Actor) {
  authorize(actor, "audit:read");
  const newest = (status: "succeeded" | "failed") => db.jobRun.findFirst({ where: { kind: KIND, status }, orderBy: { createdAt: "desc" } });
  const [done, failed, active, checkpoint] = await Promise.all([
    newest("succeeded"),
    newest("failed"),
    db.jobRun.findFirst({ where: { kind: KIND, status: { in: ["queued", "running"] }, createdAt: { gte: activeSince() } }, orderBy: { createdAt: "desc" } }),
    db.auditCheckpoint.findFirst({ orderBy: [{ eventId: "desc" }, { id: "desc" }] }),
  ]);
  return {
    verified: checkpoint ? { eventId: checkpoint.eventId.toString(), hash: checkpoint.hash, at: checkpoint.verifiedAt.toISOString() } : null,
    last: done ? { ...(done.result as TAuditVerifyOutcome), jobRunId: done.id, checkedAt: (done.finishedAt ?? done.createdAt).toISOString() } : null,
    running: active
      ? { jobRunId: active.id, status: active.status as "queued" | "running", progress: active.progress, total: active.total, message: active.message, requestedAt: active.createdAt.toISOString() }
      : null,
    lastFailure:
      failed && (!done || failed.createdAt > done.createdAt)
        ? { jobRunId: failed.id, error: (failed.result as { error?: string } | null)?.error ?? failed.message, at: (failed.finishedAt ?? failed.createdAt).toISOString() }
        : null,
  };
}

export type TAuditChainStatus = Awaited<ReturnType<typeof getAuditChainStatus>>;
