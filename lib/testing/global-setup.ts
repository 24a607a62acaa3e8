// Every test run gets a fresh database with all migrations applied, unless the caller
// (scripts/test.ts) already made one and passed it in DATABASE_URL with KEYWARD_TEST_DB=1.
import { applyMigrations } from "../../scripts/lib/migrations.ts";
import { dropDatabase, ensureServices, testScanRoots } from "../../scripts/lib/services.ts";

export default async function setup() {
  // Queues of this run never meet a developer's running worker on the same Redis.
  process.env.KEYWARD_QUEUE_PREFIX ??= `{keyward-test-${process.pid}}`;
  // File-system connectors may read only under KEYWARD_SCAN_ROOTS; tests use temp folders.
  process.env.KEYWARD_SCAN_ROOTS ??= testScanRoots();
  if (process.env.KEYWARD_TEST_DB === "1" && process.env.DATABASE_URL) return;
  const name = `keyward_test_${Date.now()}_${process.pid}`;
  const saved = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
  const services = await ensureServices({ database: name });
  await applyMigrations(services.databaseUrl);
  process.env.DATABASE_URL = services.databaseUrl;
  process.env.REDIS_URL = services.redisUrl;
  process.env.NEXTAUTH_SECRET ??= "test-secret";
  return async () => {
    await dropDatabase(services.databaseUrl);
    await services.stop();
    if (saved) process.env.DATABASE_URL = saved;
  };
}
