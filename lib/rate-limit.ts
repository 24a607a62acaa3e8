import "server-only";
import { AppError } from "@/lib/errors";
import { redis } from "@/lib/redis";

/**
 * Fixed-window counter in Redis, shared by every web process. Returns false once `limit` hits
 * happened within `windowSeconds`. Fails open (with a log line) when Redis is unreachable, so an
 * outage of the queue does not lock every administrator out of the console.
 */
export async function hit(key: string, limit: number, windowSeconds: number): Promise<boolean> {
  try {
    const k = `keyward:rl:${key}`;
    const [[, count]] = (await redis().multi().incr(k).expire(k, windowSeconds, "NX").exec()) as [[null, number]];
    return count <= limit;
  } catch (e) {
    console.warn("[rate-limit] redis unavailable, allowing request:", (e as Error).message);
    return true;
  }
}

export async function enforceRateLimit(key: string, limit: number, windowSeconds: number) {
  if (!(await hit(key, limit, windowSeconds))) {
    throw new AppError("rate_limited", "Too many attempts. Wait a few minutes and try again.");
  }
}
