import "server-only";
import { Redis, type RedisOptions } from "ioredis";

const globalForRedis = globalThis as unknown as { keywardRedis?: Redis };

export function redisUrl(): string {
  return process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
}

/** A new connection; BullMQ workers need maxRetriesPerRequest: null. */
export function createRedis(opts: RedisOptions = {}): Redis {
  return new Redis(redisUrl(), { lazyConnect: false, enableOfflineQueue: true, ...opts });
}

/** The shared connection for short commands (rate limits, health). */
export function redis(): Redis {
  return (globalForRedis.keywardRedis ??= createRedis({ maxRetriesPerRequest: 2 }));
}
