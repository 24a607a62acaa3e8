// Inventory benchmark: 1,000,000 secrets in a fresh database, the REAL built app (`next start`),
// and the inventory API (GET /api/v1/secrets) under load from autocannon with a personal API
// token. Prints a table, writes bench/out/inventory.json, drops the database.
//
//   npm run bench:inventory
//   BENCH_SECRETS=1000000 BENCH_SECONDS=20 BENCH_CONNECTIONS=4 BENCH_BUILD=1 (force next build)
//
// Seeding: the demo organisation (teams, applications, backends, people) through seedDemo(),
// then the secrets in SQL (INSERT … SELECT generate_series, the demo seed's distributions),
// with the secondary indexes dropped during the load and rebuilt after (much faster than
// maintaining a trigram GIN row by row), then VACUUM ANALYZE.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { EventEmitter } from "node:events";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon, { type TResult } from "autocannon";
import pg from "pg";
import { applyMigrations } from "../scripts/lib/migrations.ts";
import { freePort, dropDatabase, ensureServices } from "../scripts/lib/services.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const N = Number(process.env.BENCH_SECRETS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const CHUNK = 100_000;
const DAY = "interval '1 day'";

const dbName = `keyward_bench_inv_${Date.now()}_${process.pid}`;
const saved = process.env.DATABASE_URL;
const services = await ensureServices({ database: dbName });
const databaseUrl = services.databaseUrl;
process.env.DATABASE_URL = databaseUrl;
process.env.REDIS_URL = services.redisUrl;

const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
});

const log = (m: string) => console.log(`[bench] ${m}`);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;


// --- seeding

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** CASE over cumulative weights: the SQL twin of prng().weighted(). */
function weightedCase(r: string, items: ReadonlyArray<readonly [string, number]>): string {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  const whens = items.slice(0, -1).map(([v, w]) => `WHEN ${r} < ${((acc += w) / total).toFixed(6)} THEN ${lit(v)}`);
  return `CASE ${whens.join(" ")} ELSE ${lit(items[items.length - 1][0])} END`;
}

type TOrg = { apps: { id: string; slug: string; teamId: string; teamSlug: string; tag: string | null }[]; backends: Record<string, string> };

async function seedOrganisation(): Promise<{ org: TOrg; token: string; ownerToken: string }> {
  const { db } = await import("@/lib/db");
  const { seedDemo, DEMO_TEAMS } = await import("../prisma/seed-lib.ts");
  const { createApiToken } = await import("@/lib/domain/tokens/service");
  await seedDemo(db, { secrets: 0, verify: false });
  const apps = await db.application.findMany({ include: { ownerTeam: true }, orderBy: { slug: "asc" } });
  const backends = await db.backend.findMany();
  const tags = new Map(DEMO_TEAMS.map((t) => [t.slug, t.tag ?? null]));
  const tokenFor = async (email: string) => {
    const u = await db.user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
    const actor = { kind: "user" as const, id: u.id, label: u.email, role: u.role, teamIds: u.memberships.map((m) => m.teamId) };
    return (await createApiToken(actor, { name: "bench", expiresInDays: 1 })).token;
  };
  const token = await tokenFor("security@keyward.demo");
  const ownerToken = await tokenFor("owner@keyward.demo");
  await db.$disconnect();
  return {
    org: {
      apps: apps.map((a) => ({ id: a.id, slug: a.slug, teamId: a.ownerTeamId!, teamSlug: a.ownerTeam!.slug, tag: tags.get(a.ownerTeam!.slug) ?? null })),
      backends: Object.fromEntries(backends.map((b) => [b.kind, b.id])),
    },
    token,
    ownerToken,
  };
}

async function insertSecrets(org: TOrg): Promise<{ insertMs: number; indexMs: number; analyzeMs: number }> {
  const { TYPE_WEIGHTS, TYPE_NAMES, CLASS_WEIGHTS, BACKEND_WEIGHTS, HARDCODED_BACKEND_KINDS } = await import("../prisma/seed-lib.ts");
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query("SET maintenance_work_mem = '512MB'");
    await c.query("SET jit = off"); // compiling this large expression costs more than evaluating it
    await c.query("SELECT setseed(0.20261123)");
    const { rows: indexes } = await c.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'Secret' AND indexname <> 'Secret_pkey'`,
    );
    for (const ix of indexes) await c.query(`DROP INDEX "${ix.indexname}"`);

    const envCase = weightedCase("r_env", [["prod", 45], ["staging", 25], ["dev", 30]]);
    const perEnv = (table: Record<string, ReadonlyArray<readonly [string, number]>>, r: string) =>
      `CASE env ${Object.entries(table).map(([e, items]) => `WHEN ${lit(e)} THEN ${weightedCase(r, items)}`).join(" ")} END`;
    const nameCase = `CASE type ${Object.entries(TYPE_NAMES)
      .map(([t, names]) => `WHEN ${lit(t)} THEN (ARRAY[${names.map(lit).join(",")}])[1 + floor(r_name * ${names.length})::int]`)
      .join(" ")} END`;
    const backendCase = `CASE kind ${Object.entries(org.backends).map(([k, id]) => `WHEN ${lit(k)} THEN ${lit(id)}::uuid`).join(" ")} END`;
    const hardcoded = `(kind IN (${HARDCODED_BACKEND_KINDS.map(lit).join(",")}))`;

    const sql = `
      INSERT INTO "Secret" (id, name, path, description, type, environment, classification, status, "ownerTeamId", "backendId",
        "externalRef", vaulted, dynamic, "rotationPeriodDays", "lastRotatedAt", "rotationDueAt", "expiresAt", "lastUsedAt",
        tags, "hygieneFlags", "hygieneCheckedAt", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), name, env || '/' || tslug || '/' || aslug || '/' || name, '',
        type::"SecretType", env::"Environment", cls::"Classification", status::"SecretStatus", owner, ${backendCase},
        kind || ':' || env || '/' || aslug || '/' || name, NOT hc, dyn, period, last_rot, due, expires, last_used,
        array_remove(ARRAY[tag, CASE WHEN hc THEN 'legacy' END, CASE WHEN kind = 'kubernetes' THEN 'managed-by:helm' END], NULL),
        array_remove(ARRAY[
          CASE WHEN owner IS NULL THEN 'unowned' END,
          CASE WHEN due < now() THEN 'rotation_overdue' END,
          CASE WHEN expires < now() THEN 'expired' END,
          CASE WHEN last_used < now() - 90 * ${DAY} THEN 'unused_90d' END], NULL),
        now(), created, created
      FROM (
        SELECT *, CASE WHEN period IS NULL THEN NULL ELSE COALESCE(last_rot, created) + period * ${DAY} END AS due
        FROM (
          SELECT *,
            CASE WHEN dyn THEN now() - r_since * 6 * interval '1 hour'
                 WHEN period IS NOT NULL AND r_never >= 0.2 THEN now() - since * ${DAY}
                 WHEN period IS NULL AND r_never < 0.4 THEN now() - r_since * age * ${DAY}
            END AS last_rot,
            CASE WHEN period IS NOT NULL AND r_never < 0.2 THEN now() - since * ${DAY}
                 ELSE now() - GREATEST(age, COALESCE(since, 0) + 1) * ${DAY} END AS created,
            CASE WHEN type = 'tls_certificate' THEN now() + (-30 + r_exp * 400) * ${DAY}
                 WHEN type IN ('token', 'api_key', 'oauth_client') AND r_exp < 0.25 THEN now() + (-20 + r_exp * 4 * 420) * ${DAY}
            END AS expires,
            CASE WHEN r_used < 0.12 THEN now() - (90 + r_used / 0.12 * 400) * ${DAY} ELSE now() - power(r_used, 2) * 30 * ${DAY} END AS last_used,
            CASE WHEN r_own < 0.05 THEN NULL ELSE team_id END AS owner,
            CASE WHEN r_status < 0.003 THEN 'compromised' WHEN r_status < 0.008 THEN 'revoked' WHEN r_status < 0.023 THEN 'deprecated' ELSE 'active' END AS status
          FROM (
            SELECT *,
              CASE WHEN period IS NULL THEN NULL
                   WHEN r_comp < CASE WHEN hc THEN 0.45 ELSE 0.84 END THEN r_since * period * 0.97
                   ELSE period * (1.02 + power(r_since, 2) * 3) END AS since
            FROM (
              SELECT *,
                CASE WHEN dyn THEN NULL
                     WHEN r_pol < CASE WHEN hc THEN 0.4 WHEN env = 'prod' THEN 0.88 WHEN env = 'staging' THEN 0.75 ELSE 0.55 END
                       THEN (ARRAY[30, 60, 90, 90, 90, 180, 365])[1 + floor(r_per * 7)::int] END AS period
              FROM (
                SELECT *, ${hardcoded} AS hc,
                  (NOT ${hardcoded} AND type IN ('password', 'connection_string', 'cloud_access_key')
                    AND kind IN ('keyward', 'vault_kv', 'aws_sm') AND r_dyn < 0.22) AS dyn,
                  ${nameCase} || '-' || g AS name
                FROM (
                  SELECT *, ${perEnv(CLASS_WEIGHTS, "r_cls")} AS cls, ${perEnv(BACKEND_WEIGHTS, "r_back")} AS kind
                  FROM (
                    SELECT g, ($1::uuid[])[ai] AS team_id, ($2::text[])[ai] AS aslug, ($3::text[])[ai] AS tslug, ($4::text[])[ai] AS tag,
                      ${envCase} AS env, ${weightedCase("r_type", TYPE_WEIGHTS)} AS type,
                      r_cls, r_back, r_name, r_pol, r_per, r_comp, r_since, r_never, r_exp, r_used, r_own, r_status, r_dyn,
                      10 + power(r_age, 1.6) * 1400 AS age
                    FROM (
                      SELECT g, 1 + floor(random() * $5)::int AS ai, random() AS r_env, random() AS r_type, random() AS r_cls,
                        random() AS r_back, random() AS r_name, random() AS r_age, random() AS r_pol, random() AS r_per,
                        random() AS r_comp, random() AS r_since, random() AS r_never, random() AS r_exp, random() AS r_used,
                        random() AS r_own, random() AS r_status, random() AS r_dyn
                      FROM generate_series($6::int, $7::int) g
                      OFFSET 0 -- a fence: compute each level's columns once, not inlined into every use
                    ) r
                    OFFSET 0
                  ) a
                  OFFSET 0
                ) b
                OFFSET 0
              ) h
              OFFSET 0
            ) p
            OFFSET 0
          ) s
          OFFSET 0
        ) d
      ) x`;
    const params = (from: number, to: number) => [
      org.apps.map((a) => a.teamId), org.apps.map((a) => a.slug), org.apps.map((a) => a.teamSlug), org.apps.map((a) => a.tag),
      org.apps.length, from, to,
    ];
    let t = Date.now();
    for (let from = 1; from <= N; from += CHUNK) {
      const to = Math.min(N, from + CHUNK - 1);
      await c.query(sql, params(from, to));
      process.stdout.write(`\r[bench] inserted ${to.toLocaleString("en")} of ${N.toLocaleString("en")} secrets`);
    }
    process.stdout.write("\n");
    const insertMs = Date.now() - t;

    t = Date.now();
    for (const ix of indexes) await c.query(ix.indexdef);
    const indexMs = Date.now() - t;
    log(`rebuilt ${indexes.length} indexes in ${secs(indexMs)}`);

    t = Date.now();
    await c.query(`VACUUM ANALYZE "Secret"`);
    return { insertMs, indexMs, analyzeMs: Date.now() - t };
  } finally {
    await c.end();
  }
}

// --- the app

function ensureBuild() {
  const built = existsSync(path.join(ROOT, ".next", "BUILD_ID"));
  if (built && process.env.BENCH_BUILD !== "1") return;
  log("next build …");
  const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" },
  });
  if (r.status !== 0) throw new Error("next build failed");
}

async function startApp(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: {
      ...process.env, NODE_ENV: "production", DATABASE_URL: databaseUrl, REDIS_URL: services.redisUrl,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"), NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let tail = "";
  const keep = (b: Buffer) => void (tail = (tail + b.toString()).slice(-4000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  child.on("exit", (code) => {
    children.delete(child);
    if (code && code !== 143) console.error(`[bench] next start exited with ${code}:\n${tail}`);
  });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error("next start exited");
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200) return child;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`next start did not answer within 90 s:\n${tail}`);
}

// --- load

type TScenario = { key: string; label: string; query: string; as: "security" | "owner"; path?: string };
type TRow = TScenario & { requests: number; rps: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number; non2xx: number; errors: number; total: number | null };

const SCENARIOS: TScenario[] = [
  { key: "filtered", label: "filtered + sorted page", query: "environment=prod&classification=highly_sensitive&sort=rotationDueAt", as: "security" },
  { key: "search", label: "free-text search", query: "q=stripe", as: "security" },
  { key: "first_page", label: "first page, no filter", query: "", as: "security" },
  { key: "team_overdue", label: "app owner: overdue, sorted", query: "overdue=true&sort=rotationDueAt", as: "owner" },
  // The floor: the same server answering its health check (three one-row queries, no auth).
  { key: "baseline_health", label: "baseline: /api/health", query: "", as: "security", path: "/api/health" },
];

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0);

async function load(base: string, path: string, token: string, seconds: number, connections: number) {
  const latencies: number[] = [];
  const result = await new Promise<TResult>((resolve, reject) => {
    const run = autocannon as unknown as (o: object, cb: (err: Error | null, r: TResult) => void) => EventEmitter;
    const instance = run(
      { url: base + path, connections, duration: seconds, timeout: 10, headers: { authorization: `Bearer ${token}` } },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
  latencies.sort((a, b) => a - b);
  return { result, latencies };
}

async function measure(base: string, s: TScenario, token: string): Promise<TRow> {
  const url = `${s.path ?? "/api/v1/secrets"}${s.query ? `?${s.query}` : ""}`;
  const probe = await fetch(base + url, { headers: { authorization: `Bearer ${token}` } });
  const body = (await probe.json()) as { total?: number; rows?: unknown[]; error?: unknown };
  if (probe.status !== 200) throw new Error(`${url}: ${probe.status} ${JSON.stringify(body).slice(0, 300)}`);
  await load(base, url, token, 3, CONNECTIONS); // warm-up: JIT, pools, caches
  const { result, latencies } = await load(base, url, token, SECONDS, CONNECTIONS);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    ...s,
    requests: latencies.length,
    rps: Math.round(latencies.length / SECONDS),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies[latencies.length - 1] ?? 0),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total: typeof body.total === "number" ? body.total : null,
  };
}

// --- main

let code = 0;
let app: ChildProcess | null = null;
try {
  const started = Date.now();
  await applyMigrations(databaseUrl);
  ensureBuild();
  log(`seeding the organisation and ${N.toLocaleString("en")} secrets into ${dbName} …`);
  const { org, token, ownerToken } = await seedOrganisation();
  const seed = await insertSecrets(org);
  const seedMs = Date.now() - started;
  log(`seeded in ${secs(seedMs)} (insert ${secs(seed.insertMs)}, indexes ${secs(seed.indexMs)}, vacuum analyze ${secs(seed.analyzeMs)})`);

  const port = await freePort();
  app = await startApp(port);
  const base = `http://127.0.0.1:${port}`;
  const rows: TRow[] = [];
  const loadBefore = os.loadavg()[0];
  for (const s of SCENARIOS) {
    const row = await measure(base, s, s.as === "owner" ? ownerToken : token);
    log(`${s.label}: p50 ${row.p50Ms} ms, p95 ${row.p95Ms} ms, ${row.rps} req/s`);
    rows.push(row);
  }

  const loadAfter = os.loadavg()[0];
  console.log(`\nInventory API, ${N.toLocaleString("en")} secrets, ${CONNECTIONS} connections, ${SECONDS} s each (${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? "?"}; load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after: other work on the machine inflates the figures)\n`);
  console.table(rows.map((r) => ({
    scenario: r.label, query: r.path ? r.path : r.query || "(none)", as: r.as, "p50 ms": r.p50Ms, "p95 ms": r.p95Ms, "p99 ms": r.p99Ms, "req/s": r.rps,
    "non-2xx": r.non2xx + r.errors, "rows matched": r.total,
  })));
  const failed = rows.filter((r) => r.non2xx + r.errors > 0);
  const slow = rows.filter((r) => r.p95Ms > 100 && !r.path);
  if (slow.length) console.log(`p95 above 100 ms: ${slow.map((r) => r.key).join(", ")}`);

  mkdirSync(path.join(ROOT, "bench/out"), { recursive: true });
  const out = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? null, node: process.version, loadAverage: { before: loadBefore, after: loadAfter } },
    secrets: N, connections: CONNECTIONS, secondsPerScenario: SECONDS,
    seed: { totalMs: seedMs, ...seed },
    scenarios: rows,
  };
  writeFileSync(path.join(ROOT, "bench/out/inventory.json"), JSON.stringify(out, null, 2) + "\n");
  log("wrote bench/out/inventory.json");
  if (failed.length) {
    console.error(`[bench] non-2xx answers or errors in: ${failed.map((r) => r.key).join(", ")}`);
    code = 1;
  }
} catch (e) {
  console.error("[bench] failed:", e);
  code = 1;
} finally {
  if (app && app.exitCode === null) {
    const done = new Promise((r) => app!.once("exit", r));
    app.kill("SIGTERM");
    await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
  }
  if (process.env.BENCH_KEEP_DB === "1") log(`kept database ${dbName}`);
  else await dropDatabase(databaseUrl).catch((e) => console.error("[bench] could not drop the database:", e));
  await services.stop();
  if (saved) process.env.DATABASE_URL = saved;
}
process.exit(code);
