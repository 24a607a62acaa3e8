import "server-only";
import { Queue, type JobsOptions } from "bullmq";
import { createRedis } from "@/lib/redis";
import { parse } from "@/lib/errors";
import { jobs, type JobName, type JobData } from "./registry";

export const QUEUE_NAME = "keyward";
// A hash tag keeps every key of the queue in one Redis Cluster slot.
export const QUEUE_PREFIX = process.env.KEYWARD_QUEUE_PREFIX ?? "{keyward}";

const globalForQueue = globalThis as unknown as { keywardQueue?: Queue };

export function queue(): Queue {
  return (globalForQueue.keywardQueue ??= new Queue(QUEUE_NAME, {
    connection: createRedis({ maxRetriesPerRequest: null }),
    prefix: QUEUE_PREFIX,
    defaultJobOptions: { attempts: 3, backoff: { type: "exponential", delay: 5000 }, removeOnComplete: 1000, removeOnFail: 5000 },
  }));
}

/** Enqueues a typed job; the payload is checked against the job's schema before it leaves. */
export async function enqueue<N extends JobName>(name: N, data: JobData<N>, opts: JobsOptions = {}) {
  const payload = parse(jobs[name].schema, data);
  return queue().add(name, payload, opts);
}
