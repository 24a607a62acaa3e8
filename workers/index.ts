// The worker process: runs every job in lib/jobs on BullMQ. No business logic here.
import http from "node:http";
import { Worker } from "bullmq";
import { createRedis } from "@/lib/redis";
import { QUEUE_NAME, QUEUE_PREFIX, queue } from "@/lib/jobs/queue";
import { processJob } from "@/lib/jobs/processor";
import { logError, logInfo } from "@/lib/log";
import { startWorkerHeartbeat } from "@/lib/domain/health/service";
import { installSchedules } from "./schedules";

const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 4);

const worker = new Worker(
  QUEUE_NAME,
  processJob,
  { connection: createRedis({ maxRetriesPerRequest: null }), prefix: QUEUE_PREFIX, concurrency },
);

worker.on("failed", (job, err) => logError("worker", err, { job: job?.name, id: job?.id }));
worker.on("completed", (job) => logInfo("worker", `completed ${job.name} ${job.id}`));

await installSchedules(queue());

// Liveness for /api/health: a heartbeat in Redis every 10 s.
const heartbeat = startWorkerHeartbeat();

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
  await heartbeat.stop();
  await worker.close(); // waits for jobs in progress
  await queue().close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
