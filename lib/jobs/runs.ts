import "server-only";
import { db } from "@/lib/db";

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
