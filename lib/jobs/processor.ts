import "server-only";
import type { Job } from "bullmq";
import { jobs, type JobName } from "./registry";
import { finishJobRun, reportProgress, startJobRun } from "./runs";

/**
 * Runs one BullMQ job: parses its payload with the job's schema, then calls the handler with
 * a progress reporter that updates both BullMQ and the JobRun row the UI polls.
 */
export async function processJob(job: Job) {
  const def = jobs[job.name as JobName];
  if (!def) throw new Error(`unknown job ${job.name}`);
  const parsed = def.schema.safeParse(job.data);
  if (!parsed.success) throw new Error(`job ${job.name} ${job.id}: payload does not match its schema`);
  const jobRunId = (parsed.data as { jobRunId?: string }).jobRunId;
  if (jobRunId) await startJobRun(jobRunId);
  try {
    const result = await def.handle(parsed.data as never, {
      jobRunId,
      progress: async (done, total, message) => {
        await job.updateProgress(total ? Math.round((done / total) * 100) : 0);
        if (jobRunId) await reportProgress(jobRunId, done, total, message);
      },
    });
    if (jobRunId) await finishJobRun(jobRunId, "succeeded", result);
    return result;
  } catch (e) {
    if (jobRunId && job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await finishJobRun(jobRunId, "failed", { error: (e as Error).message });
    throw e;
  }
}
