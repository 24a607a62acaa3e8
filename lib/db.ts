import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { forgetVaultReads } from "@/lib/domain/vault/read-cache";

export type { Prisma } from "@/generated/prisma/client";

const globalForDb = globalThis as unknown as { keywardDb?: PrismaClient };

// Models whose rows the vault's read cache holds (lib/domain/vault/read-cache.ts), and the
// operations that change rows.
const VAULT_READ_MODELS = new Set(["AccessToken", "WorkloadIdentity", "Application", "Secret", "SecretVersion", "KeyVersion", "Policy", "PolicyAttachment", "Grant"]);
const WRITES = new Set(["create", "createMany", "createManyAndReturn", "update", "updateMany", "updateManyAndReturn", "upsert", "delete", "deleteMany"]);

// A token's or grant's last-use stamp changes no read's answer (and the triggers ignore it too).
function usageOnly(model: string, args: unknown): boolean {
  const data = (args as { data?: Record<string, unknown> } | undefined)?.data;
  return (model === "AccessToken" || model === "Grant") && !!data && Object.keys(data).every((k) => k === "lastUsedAt" || k === "lastIp");
}

// A raw write may touch any table: drop the cache after every one.
async function forgetAfterRaw<A, R>({ args, query }: { args: A; query: (args: A) => Promise<R> }): Promise<R> {
  const out = await query(args);
  forgetVaultReads();
  return out;
}

function createClient(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  const max = Number(process.env.DATABASE_POOL_SIZE ?? 10);
  // Other processes learn of a change from PostgreSQL's NOTIFY; this one drops its cache as
  // soon as it writes, so its own next read never sees the old row.
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) }).$extends({
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const out = await query(args);
          if (WRITES.has(operation) && VAULT_READ_MODELS.has(model) && !usageOnly(model, args)) forgetVaultReads();
          return out;
        },
      },
      $executeRaw: forgetAfterRaw,
      $executeRawUnsafe: forgetAfterRaw,
    },
  }) as unknown as PrismaClient;
}

// One client per process (and per hot reload in development), created on first use so that
// importing this module (e.g. during `next build`) needs no DATABASE_URL.
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = (globalForDb.keywardDb ??= createClient());
    const value = Reflect.get(client, prop, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
