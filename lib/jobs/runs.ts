import "server-only";
import { db } from "@/lib/db";
import type { JobContext } from "./types";

// JobRun rows let the UI show progress of work that runs in the workers.

export async function startJobRun(id: string) {
  await db.jobRun.update({ where: { id }, data: { status: "running", startedAt: new Date() } });
}

export async function reportProgress(id: string, progress: number, total: number, message = "") {
  await db.jobRun.update({ where: { id }, data: { progress, total, message } });
}

export async function finishJobRun(id: string, status: "succeeded" | "failed", result: unknown) {
  await db.jobRun.update({
    where: { id },
    data: { status, finishedAt: new Date(), result: result === undefined ? undefined : JSON.parse(JSON.stringify(result)) },
  });
}

export async function getJobRun(id: string) {
  return db.jobRun.findUnique({ where: { id } });
}

/**
 * Runs a job's work on its JobRun: the one its requester created (the processor finishes it), or,
 * for a scheduled job started without one, a run of its own that is finished here, so scheduled
 * runs show in the UI too.
 */
export async function inJobRun<T>(
  kind: string,
  jobRunId: string | undefined,
  ctx: JobContext,
  message: string,
  work: (runId: string, progress: JobContext["progress"]) => Promise<T>,
): Promise<T> {
  if (jobRunId) return work(jobRunId, ctx.progress);
  const own = await db.jobRun.create({ data: { kind, status: "running", startedAt: new Date(), message } });
  try {
    const result = await work(own.id, (done, total, msg) => reportProgress(own.id, done, total, msg));
    await finishJobRun(own.id, "succeeded", result);
    return result;
  } catch (e) {
    await finishJobRun(own.id, "failed", { error: (e as Error).message });
    throw e;
  }
}
