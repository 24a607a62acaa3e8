import "server-only";
import { z } from "zod";
import { appendAudit, verifyAuditChain, type TChainCheck } from "@/lib/audit";
import { authorize, systemActor, type Actor } from "@/lib/authz/authorize";
import { db, type Tx } from "@/lib/db";
import { AppError, parse } from "@/lib/errors";
import { inJobRun } from "@/lib/jobs/runs";
import type { JobContext } from "@/lib/jobs/types";
import { logError } from "@/lib/log";
import { verifyModes, ZAuditVerifyRequest, type TAuditVerifyOutcome, type TVerifyMode } from "./schemas";

// Verifying the audit chain runs in the workers (job audit.verify): hourly from the newest
// checkpoint, weekly and on request from the first event (workers/schedules.ts). The audit page
// shows the newest finished run and the progress of a running one; it never verifies on load.

export const ZAuditVerifyJob = z.strictObject({ mode: z.enum(verifyModes).default("incremental"), jobRunId: z.uuid().optional() });

const KIND = "audit.verify";
const verifier = systemActor("audit-verify");
// A verification queued or running for longer than this is taken as lost (its worker died), so
// it neither blocks a new request nor shows as running forever.
const ACTIVE_FOR_MS = 60 * 60_000;

const fmt = (n: number) => n.toLocaleString("en-US");

/** The job: verifies, then records the outcome (and, when intact, a checkpoint) in one transaction. */
export async function runAuditVerification(input: z.output<typeof ZAuditVerifyJob>, ctx: JobContext) {
  return inJobRun(KIND, input.jobRunId, ctx, `scheduled ${input.mode} verification`, async (runId, progress) => {
    const check = await verifyAuditChain({
      from: input.mode === "full" ? "start" : "checkpoint",
      progress: (n, total) => progress(n, total, `${input.mode}: ${fmt(n)} of ${fmt(total)} events checked`),
    });
    return db.$transaction((tx) => recordAuditVerification(tx, check, input.mode, runId));
  });
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
  const requestedById = actor.kind === "system" ? null : actor.id;
  const run = await db.$transaction(async (tx) => {
    if (requestedById) {
      // Requests take turns, so two at once cannot both find nothing under way.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('audit.verify'))`;
      const active = await tx.jobRun.findFirst({ where: { kind: KIND, requestedById, status: { in: ["queued", "running"] }, createdAt: { gte: activeSince() } } });
      if (active) throw new AppError("conflict", "Your verification is still under way; its progress shows on the audit page.");
    }
    const created = await tx.jobRun.create({ data: { kind: KIND, requestedById, message: `${mode} verification queued` } });
    await appendAudit(tx, actor, { action: "audit.verify.requested", targetType: "job_run", targetId: created.id, after: { mode } });
    return created;
  });
  const { enqueue } = await import("@/lib/jobs/queue");
  try {
    await enqueue(KIND, { mode, jobRunId: run.id }, { jobId: `${KIND}.${run.id}` });
  } catch (e) {
    await db.jobRun.update({ where: { id: run.id }, data: { status: "failed", finishedAt: new Date(), message: "The job queue is unreachable." } });
    throw e;
  }
  return { jobRunId: run.id, mode, status: "queued" as const };
}

/** The newest finished verification, one under way, and a newer one that failed to run: no verification here. */
export async function getAuditChainStatus(actor: Actor) {
  authorize(actor, "audit:read");
  const newest = (status: "succeeded" | "failed") => db.jobRun.findFirst({ where: { kind: KIND, status }, orderBy: { createdAt: "desc" } });
  const [done, failed, active] = await Promise.all([
    newest("succeeded"),
    newest("failed"),
    db.jobRun.findFirst({ where: { kind: KIND, status: { in: ["queued", "running"] }, createdAt: { gte: activeSince() } }, orderBy: { createdAt: "desc" } }),
  ]);
  return {
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
