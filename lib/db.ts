import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";

export type { Prisma } from "@/generated/prisma/client";

const globalForDb = globalThis as unknown as { keywardDb?: PrismaClient };

function createClient() {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  const max = Number(process.env.DATABASE_POOL_SIZE ?? 10);
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) });
}

// One client per process (and per hot reload in development).
export const db: PrismaClient = globalForDb.keywardDb ?? (globalForDb.keywardDb = createClient());

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
