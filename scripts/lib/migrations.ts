// Applies and diffs Prisma migrations with the WebAssembly schema engine driven through
// @prisma/adapter-pg, because the native engine cannot be downloaded here (docs/decisions/001).
// The layout and the _prisma_migrations table are Prisma's own, so `prisma migrate deploy`
// works unchanged where the native engine is available.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";

const root = path.resolve(import.meta.dirname, "../..");
export const schemaPath = path.join(root, "prisma/schema.prisma");
export const migrationsDir = path.join(root, "prisma/migrations");

let wasmReady = false;
function loadWasm() {
  if (wasmReady) return;
  const require = createRequire(import.meta.url);
  const js = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const module = new WebAssembly.Module(fs.readFileSync(js.replace(/\.js$/, ".wasm")));
  const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": bg as never });
  (bg as any).__wbg_set_wasm(instance.exports);
  (instance.exports as any).__wbindgen_start();
  wasmReady = true;
}

function pgConfig(url: string): pg.PoolConfig {
  // Separate fields, not a connectionString: with a connectionString adapter-pg's shadow
  // database would silently be the main database.
  const u = new URL(url);
  return {
    host: u.hostname || "127.0.0.1",
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || "postgres"),
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.slice(1)),
  };
}

// Shadow databases that are dropped only after their pool is closed.
class KeywardPg extends PrismaPg {
  // Connections to close when the engine is done: the engine's session holds Prisma's migration
  // advisory lock (one id for the whole server), so an open pool blocks every other migrate.
  readonly opened: Array<{ dispose: () => Promise<void> }> = [];
  constructor(private readonly cfg: pg.PoolConfig) {
    super(cfg);
  }
  override async connect() {
    const adapter = await super.connect();
    patchCharType(adapter);
    runScriptsWhole(adapter);
    this.opened.push(adapter);
    return adapter;
  }
  override async connectToShadowDb() {
    const admin = new pg.Client({ ...this.cfg });
    await admin.connect();
    const name = `keyward_shadow_${crypto.randomUUID().replaceAll("-", "")}`;
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const shadow = new KeywardPg({ ...this.cfg, database: name });
    const adapter = await shadow.connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      const c = new pg.Client({ ...this.cfg });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
    return adapter;
  }
}

// adapter-pg 7.10 runs a migration script by splitting it at every ";", which breaks function
// bodies (and strings) that contain one. PostgreSQL takes the whole script as one simple query,
// all of it or none of it, as Prisma's native engine sends it.
function runScriptsWhole(adapter: object) {
  const a = adapter as { client: { query(sql: string): Promise<unknown> }; onError(e: unknown): never; executeScript(script: string): Promise<void> };
  a.executeScript = async (script: string) => {
    try {
      await a.client.query(script);
    } catch (e) {
      a.onError(e);
    }
  };
}

// adapter-pg 7.10 does not map Postgres' internal "char" type (OID 18), which the engine's
// catalog queries return; report such columns as text (a one-character string) instead.
let charPatched = false;
function patchCharType(adapter: object) {
  if (charPatched) return;
  let proto = Object.getPrototypeOf(adapter);
  while (proto && !Object.hasOwn(proto, "performIO")) proto = Object.getPrototypeOf(proto);
  if (!proto) throw new Error("adapter-pg changed: performIO not found");
  const performIO = proto.performIO;
  proto.performIO = async function (...args: unknown[]) {
    const res = await performIO.apply(this, args);
    for (const f of res.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
    return res;
  };
  charPatched = true;
}

export function readMigrations() {
  const dirs = fs.existsSync(migrationsDir)
    ? fs.readdirSync(migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((d) => ({
      path: d,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: fs.readFileSync(path.join(migrationsDir, d, "migration.sql"), "utf8") } },
    })),
  };
}

const filters = { externalTables: [], externalEnums: [] };

async function withEngine<T>(url: string, fn: (engine: any) => Promise<T>): Promise<T> {
  loadWasm();
  const schema = fs.readFileSync(schemaPath, "utf8");
  const pgAdapter = new KeywardPg(pgConfig(url));
  const factory = bindMigrationAwareSqlAdapterFactory(pgAdapter as never);
  const logs: string[] = [];
  const engine = await (bg as any).SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, (l: string) => logs.push(l), factory);
  try {
    return await fn(engine);
  } catch (e) {
    const err = e as Error;
    throw new Error(`schema engine: ${err.message ?? JSON.stringify(e)}`);
  } finally {
    engine.free?.();
    await Promise.all(pgAdapter.opened.map((a) => a.dispose().catch(() => {})));
  }
}

/** Applies every pending migration; returns the names applied. */
export async function applyMigrations(url: string): Promise<string[]> {
  return withEngine(url, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: readMigrations(), filters });
    return out.appliedMigrationNames as string[];
  });
}

/** SQL that takes the migrations folder to schema.prisma; empty when they agree. */
export async function diffMigrationsToSchema(url: string): Promise<string> {
  const schema = fs.readFileSync(schemaPath, "utf8");
  return withEngine(url, async (engine) => {
    const res = await engine.diff({
      from: { tag: "migrations", ...readMigrations() },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
      script: true,
      exitCode: null,
      filters,
    });
    const sql = (res.stdout ?? "") as string;
    return sql.includes("This is an empty migration") ? "" : sql.trim();
  });
}

/** Writes prisma/migrations/<timestamp>_<name>/migration.sql when the schema changed. */
export async function createMigration(url: string, name: string): Promise<string | null> {
  const sql = await diffMigrationsToSchema(url);
  if (!sql) return null;
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(migrationsDir, `${stamp}_${name.replace(/\W+/g, "_")}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), sql + "\n");
  const lock = path.join(migrationsDir, "migration_lock.toml");
  if (!fs.existsSync(lock)) fs.writeFileSync(lock, '# Please do not edit this file manually\nprovider = "postgresql"\n');
  return dir;
}
