// The worker process: runs every job in lib/jobs on BullMQ. No business logic here.
import http from "node:http";
import { Worker } from "bullmq";
import { createRedis } from "@/lib/redis";
import { jobs, type JobName } from "@/lib/jobs/registry";
import { QUEUE_NAME, QUEUE_PREFIX, queue } from "@/lib/jobs/queue";
import { startJobRun, finishJobRun, reportProgress } from "@/lib/jobs/runs";
import { logError, logInfo } from "@/lib/log";
import { installSchedules } from "./schedules";

const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 4);

const worker = new Worker(
  QUEUE_NAME,
  async (job) => {
    const def = jobs[job.name as JobName];
    if (!def) throw new Error(`unknown job ${job.name}`);
    const parsed = def.schema.safeParse(job.data);
    if (!parsed.success) throw new Error(`job ${job.name} ${job.id}: payload does not match its schema`);
    const data = parsed.data as { jobRunId?: string };
    const jobRunId = data.jobRunId;
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
  },
  { connection: createRedis({ maxRetriesPerRequest: null }), prefix: QUEUE_PREFIX, concurrency },
);

worker.on("failed", (job, err) => logError("worker", err, { job: job?.name, id: job?.id }));
worker.on("completed", (job) => logInfo("worker", `completed ${job.name} ${job.id}`));

await installSchedules(queue());

// Health: 200 while the worker is connected and running.
const healthPort = Number(process.env.WORKER_HEALTH_PORT ?? 3101);
const health = http
  .createServer((_req, res) => {
    const ok = worker.isRunning();
    res.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok, queue: QUEUE_NAME, concurrency }));
  })
  .listen(healthPort, "127.0.0.1");

logInfo("worker", `started: queue ${QUEUE_NAME}, concurrency ${concurrency}, health on :${healthPort}`);

async function shutdown(signal: string) {
  logInfo("worker", `${signal}: finishing running jobs`);
  health.close();
  await worker.close(); // waits for jobs in progress
  await queue().close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
