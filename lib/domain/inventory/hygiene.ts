import "server-only";
import { z } from "zod";
import { appendAudit } from "@/lib/audit";
import { authorize, systemActor, type Actor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import type { JobContext } from "@/lib/jobs/types";

export const hygieneFlags = ["unowned", "rotation_overdue", "expired", "unused_90d"] as const;

export const ZHygieneJob = z.strictObject({ jobRunId: z.uuid().optional() });

const BATCH = 5000;

/**
 * Recomputes every secret's hygiene flags (unowned, rotation overdue, expired, unused 90 days)
 * in id-ordered batches, reporting progress, and records one audit event with the counts.
 */
export async function runHygiene(input: z.input<typeof ZHygieneJob>, ctx: JobContext) {
  const total = await db.secret.count();
  let done = 0;
  let cursor = "00000000-0000-0000-0000-000000000000";
  const now = new Date();
  for (;;) {
    const rows = await db.$queryRaw<{ id: string }[]>`
      WITH batch AS (SELECT id FROM "Secret" WHERE id > ${cursor}::uuid ORDER BY id LIMIT ${BATCH})
      UPDATE "Secret" s SET "hygieneFlags" = array_remove(ARRAY[
          CASE WHEN s."ownerTeamId" IS NULL THEN 'unowned' END,
          CASE WHEN s."rotationDueAt" < ${now} THEN 'rotation_overdue' END,
          CASE WHEN s."expiresAt" < ${now} THEN 'expired' END,
          CASE WHEN s."lastUsedAt" < ${new Date(now.getTime() - 90 * 86_400_000)} THEN 'unused_90d' END
        ]::text[], NULL), "hygieneCheckedAt" = ${now}
      FROM batch WHERE s.id = batch.id
      RETURNING s.id`;
    if (rows.length === 0) break;
    done += rows.length;
    cursor = rows.reduce((max, r) => (r.id > max ? r.id : max), cursor);
    await ctx.progress(done, total, `${done} of ${total} secrets checked`);
  }
  const counts = Object.fromEntries(
    await Promise.all(hygieneFlags.map(async (f) => [f, await db.secret.count({ where: { hygieneFlags: { has: f } } })] as const)),
  );
  await db.$transaction((tx) =>
    appendAudit(tx, systemActor("hygiene-job"), { action: "inventory.hygiene.completed", targetType: "job_run", targetId: input.jobRunId ?? null, after: { checked: done, ...counts } }),
  );
  return { checked: done, ...counts };
}

/** Starts a hygiene run now (from the UI or API); the worker picks it up and reports progress. */
export async function requestHygieneRun(actor: Actor) {
  authorize(actor, "hygiene:run");
  const run = await db.$transaction(async (tx) => {
    const created = await tx.jobRun.create({ data: { kind: "inventory.hygiene", requestedById: actor.kind === "system" ? null : actor.id } });
    await appendAudit(tx, actor, { action: "inventory.hygiene.requested", targetType: "job_run", targetId: created.id });
    return created;
  });
  const { enqueue } = await import("@/lib/jobs/queue");
  try {
    await enqueue("inventory.hygiene", { jobRunId: run.id }, { jobId: run.id });
  } catch (e) {
    await db.jobRun.update({ where: { id: run.id }, data: { status: "failed", message: "The job queue is unreachable." } });
    throw e;
  }
  return run;
}

/**
 * The jobs page's runs: the newest `perKind` of each kind, newest first, so a job that runs
 * hourly (audit.verify) never pushes a nightly or daily one off the page.
 */
export async function listJobRuns(actor: Actor, kinds: readonly string[], perKind = 10) {
  authorize(actor, "hygiene:run");
  const byKind = await Promise.all(kinds.map((kind) => db.jobRun.findMany({ where: { kind }, orderBy: { createdAt: "desc" }, take: perKind })));
  return byKind.flat().sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}
