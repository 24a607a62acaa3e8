// Vault read benchmark: workload secret reads (GET /api/v1/secrets/value?path=… with a workload
// token, audit on) through the REAL built app (server.ts, as `npm start` runs it; once with its
// read cache and once without), and in the same run the same load
// on the bare reference server (bench/reference-server.ts: plain Node http + pg, same work per
// read), so the result is a ratio that holds on any machine. Load from autocannon (or wrk:
// BENCH_LOAD_TOOL=wrk).
//
//   npm run bench:vault
//   BENCH_SECONDS=10 BENCH_SECRETS=200 BENCH_CONNECTIONS=16,64 BENCH_BUILD=1 (rebuild .next)
//   BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" BENCH_APP_ONLY=1 (profile the app)
//   BENCH_REF_NODE_ARGS=… BENCH_REF_ONLY=1 (profile the reference server)
//
// Creates and drops its own database on the local PostgreSQL (or DATABASE_URL's server),
// uses REDIS_URL or the local Redis (login rate limits), writes bench/out/vault-reads.json.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon, { type TResult } from "autocannon";
import { applyMigrations } from "../scripts/lib/migrations.ts";
import { freePort, dropDatabase, ensureServices } from "../scripts/lib/services.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SECRETS = Number(process.env.BENCH_SECRETS ?? 200);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? "16,64").split(",").map(Number);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 4);

const rootKey = randomBytes(32).toString("base64");
const dbName = `keyward_bench_${Date.now()}_${process.pid}`;
const services = await ensureServices({ database: dbName });
const databaseUrl = services.databaseUrl;
process.env.DATABASE_URL = databaseUrl;
process.env.REDIS_URL = services.redisUrl;
process.env.KEYWARD_ROOT_KEY = rootKey;

const children = new Set<ChildProcess>();
function cleanup() {
  for (const c of children) if (c.exitCode === null && c.pid) process.kill(c.pid, "SIGTERM");
}
process.on("exit", cleanup);
process.on("SIGINT", () => (cleanup(), process.exit(130)));


type TSeed = { token: string; paths: string[] };

/** A team, an application, its prod identity with a read policy, a token, N secrets with values. */
async function seed(): Promise<TSeed> {
  const { db } = await import("@/lib/db");
  const { systemActor } = await import("@/lib/authz/authorize");
  const { createWorkloadIdentity, loginWithClientSecret } = await import("@/lib/domain/vault/identities");
  const { attachPolicy, createPolicy } = await import("@/lib/domain/vault/access");
  const { putSecretValue } = await import("@/lib/domain/vault/service");
  const admin = systemActor("bench");
  const team = await db.team.create({ data: { name: "Bench", slug: "bench" } });
  const app = await db.application.create({ data: { name: "bench-api", slug: "bench-api", ownerTeamId: team.id, environments: ["prod"] } });
  const identity = await createWorkloadIdentity(admin, { applicationId: app.id, environment: "prod", tokenTtlSeconds: 86_400, tokenMaxTtlSeconds: 86_400 });
  const policy = await createPolicy(admin, { name: "bench-read", rules: [{ path: "prod/bench/api/*", capabilities: ["read"], effect: "allow" }] });
  await attachPolicy(admin, { policyId: policy.id, identityId: identity.id });
  const paths: string[] = [];
  for (let i = 0; i < SECRETS; i++) {
    const p = `prod/bench/api/secret-${String(i).padStart(4, "0")}`;
    await putSecretValue(admin, { path: p, data: { value: randomBytes(24).toString("base64url"), user: `svc_${i}` } });
    paths.push(p);
  }
  const login = await loginWithClientSecret({ role_id: identity.clientId, secret_id: identity.clientSecret }, { ip: "127.0.0.1" });
  await db.$disconnect();
  return { token: login.token, paths };
}

function ensureBuild() {
  const built = existsSync(path.join(ROOT, ".next", "BUILD_ID"));
  if (built && process.env.BENCH_BUILD !== "1") return;
  console.log("[bench] next build …");
  const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (r.status !== 0) throw new Error("next build failed");
}

async function waitReady(url: string, token: string, child: ChildProcess, what: string) {
  const deadline = Date.now() + 90_000;
  let last = "";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    try {
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (res.status === 200) return;
      last = `${res.status} ${(await res.text()).slice(0, 200)}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} did not answer 200 within 90 s: ${last}`);
}

function startProcess(what: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let tail = "";
  const keep = (b: Buffer) => (tail = (tail + b.toString()).slice(-4000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  child.on("exit", (code) => {
    children.delete(child);
    if (code && code !== 143) console.error(`[bench] ${what} exited with ${code}:\n${tail}`);
  });
  return child;
}

async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null || !child.pid) return;
  const done = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

type TRow = { target: string; connections: number; requestsPerSecond: number; p50Ms: number; p99Ms: number; non2xx: number; errors: number; total: number; ok: number };

// The load tool: autocannon, or wrk (BENCH_LOAD_TOOL=wrk, Debian: apt-get install wrk) to check
// that the figures are not the client's. Measured here they agree within the run-to-run noise.
const TOOL = process.env.BENCH_LOAD_TOOL === "wrk" ? "wrk" : "autocannon";

async function load(target: string, base: string, s: TSeed, connections: number, seconds: number, fixedPath?: string): Promise<TRow> {
  const paths = fixedPath ? [fixedPath] : s.paths.map((p) => `/api/v1/secrets/value?path=${encodeURIComponent(p)}`);
  return TOOL === "wrk" ? loadWrk(target, base, s.token, paths, connections, seconds) : loadAutocannon(target, base, s.token, paths, connections, seconds);
}

async function loadAutocannon(target: string, base: string, token: string, paths: string[], connections: number, seconds: number): Promise<TRow> {
  let i = 0;
  const r: TResult = await autocannon({
    url: base,
    connections,
    duration: seconds,
    timeout: 10,
    headers: { authorization: `Bearer ${token}` },
    requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
  });
  return {
    target,
    connections,
    requestsPerSecond: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    total: r.requests.total,
    ok: r["2xx"],
  };
}

async function loadWrk(target: string, base: string, token: string, paths: string[], connections: number, seconds: number): Promise<TRow> {
  // The script rotates through the paths and prints wrk's summary as one JSON line.
  const script = path.join(os.tmpdir(), `keyward-bench-${process.pid}.lua`);
  writeFileSync(
    script,
    `local paths = { ${paths.map((p) => JSON.stringify(p)).join(", ")} }
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], { ["authorization"] = ${JSON.stringify(`Bearer ${token}`)} })
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"micros":%d,"p50":%.3f,"p99":%.3f,"non2xx":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50) / 1000, latency:percentile(99) / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
`,
    { mode: 0o600 },
  );
  try {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn("wrk", ["-t1", `-c${connections}`, `-d${seconds}s`, "--timeout", "10s", "-s", script, base], { stdio: ["ignore", "pipe", "pipe"] });
      let text = "";
      child.stdout.on("data", (b: Buffer) => (text += b.toString()));
      child.stderr.on("data", (b: Buffer) => (text += b.toString()));
      child.on("error", reject);
      child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}: ${text.slice(-500)}`))));
    });
    const line = out.split("\n").find((l) => l.startsWith("WRK "));
    if (!line) throw new Error(`wrk printed no summary: ${out.slice(-500)}`);
    const r = JSON.parse(line.slice(4)) as { requests: number; micros: number; p50: number; p99: number; non2xx: number; errors: number };
    return {
      target,
      connections,
      requestsPerSecond: Math.round(r.requests / (r.micros / 1e6)),
      p50Ms: Number(r.p50.toFixed(2)),
      p99Ms: Number(r.p99.toFixed(2)),
      non2xx: r.non2xx,
      errors: r.errors,
      total: r.requests,
      ok: r.requests - r.non2xx,
    };
  } finally {
    rmSync(script, { force: true });
  }
}

const served = new Map<string, number>(); // 2xx answers per target, warm-up included

async function measure(target: string, child: ChildProcess, base: string, s: TSeed): Promise<TRow[]> {
  await waitReady(`${base}/api/v1/secrets/value?path=${encodeURIComponent(s.paths[0])}`, s.token, child, target);
  const warm = await load(target, base, s, Math.max(...CONNECTIONS), WARMUP_SECONDS); // JIT, pools, caches
  served.set(target, 1 + warm.ok);
  const rows: TRow[] = [];
  for (const c of CONNECTIONS) {
    const row = await load(target, base, s, c, SECONDS);
    console.log(`[bench] ${target} @${c}: ${row.requestsPerSecond} req/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms${row.non2xx || row.errors ? `, non-2xx ${row.non2xx}, errors ${row.errors}` : ""}`);
    rows.push(row);
    served.set(target, served.get(target)! + row.ok);
  }
  if (target === "app") {
    // The framework's floor on this machine: a route that touches no database and no crypto.
    const top = Math.max(...CONNECTIONS);
    const floor = await load("app-floor", base, s, top, SECONDS, "/v1/sys/seal-status");
    console.log(`[bench] app-floor (GET /v1/sys/seal-status, no database) @${top}: ${floor.requestsPerSecond} req/s, p50 ${floor.p50Ms} ms, p99 ${floor.p99Ms} ms`);
    rows.push(floor);
  }
  await stopProcess(child);
  return rows;
}

async function auditCount(): Promise<number> {
  const pg = (await import("pg")).default;
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return Number((await c.query(`SELECT count(*) AS n FROM "AuditEvent" WHERE action = 'secret.value_read'`)).rows[0].n);
  } finally {
    await c.end();
  }
}

class AppOnlyDone extends Error {} // BENCH_APP_ONLY: stop after the app, still clean up

let code = 0;
try {
  await applyMigrations(databaseUrl);
  if (process.env.BENCH_REF_ONLY !== "1") ensureBuild();
  console.log(`[bench] seeding ${SECRETS} secrets … (load from ${TOOL})`);
  const s = await seed();
  // Kept database: what it takes to aim other tools (wrk, a profiler) at the same data.
  if (process.env.BENCH_KEEP_DB === "1") console.log(`[bench] kept: DATABASE_URL=${databaseUrl} KEYWARD_ROOT_KEY=${rootKey} token=${s.token} path=${s.paths[0]}`);
  const env = { DATABASE_URL: databaseUrl, REDIS_URL: services.redisUrl, KEYWARD_ROOT_KEY: rootKey };
  const rows: TRow[] = [];

  const refOnly = process.env.BENCH_REF_ONLY === "1";
  const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? "").split(" ").filter(Boolean);
  // The app as it runs in production (server.ts): with its read cache, and without it (then each
  // read does the reference's work: token and row queries, decryption, audit).
  const startApp = async (extra: Record<string, string>) => {
    const port = await freePort();
    const child = startProcess("app", [...nodeArgs, "--conditions=react-server", "--import", "tsx", path.join(ROOT, "server.ts"), "-p", String(port), "-H", "127.0.0.1"], {
      ...env,
      ...extra,
      NODE_ENV: "production",
      NEXTAUTH_SECRET: createHash("sha256").update(rootKey).digest("hex"),
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    });
    return { child, base: `http://127.0.0.1:${port}` };
  };
  const before = await auditCount();
  for (const [target, extra] of refOnly ? [] : ([["app", {}], ["app-uncached", { KEYWARD_VAULT_CACHE_MS: "0" }]] as const)) {
    const app = await startApp(extra);
    rows.push(...(await measure(target, app.child, app.base, s)));
  }
  const appAudited = (await auditCount()) - before;
  const appServed = (served.get("app") ?? 0) + (served.get("app-uncached") ?? 0);

  for (const mode of process.env.BENCH_APP_ONLY === "1" ? [] : (["grouped", "single"] as const)) {
    const port = await freePort();
    const refArgs = (process.env.BENCH_REF_NODE_ARGS ?? "").split(" ").filter(Boolean);
    const ref = startProcess(`reference (${mode})`, [...refArgs, "--import", "tsx", "--conditions=react-server", path.join(ROOT, "bench/reference-server.ts")], { ...env, PORT: String(port), AUDIT_MODE: mode });
    rows.push(...(await measure(`reference-${mode}`, ref, `http://127.0.0.1:${port}`, s)));
  }

  if (process.env.BENCH_APP_ONLY === "1" || refOnly) throw new AppOnlyDone();
  const at = (t: string, c: number) => rows.find((r) => r.target === t && r.connections === c)!;
  const table = CONNECTIONS.flatMap((c) =>
    ["app", "app-uncached", "reference-grouped", "reference-single"].map((t) => {
      const r = at(t, c);
      return {
        target: t,
        clients: c,
        "req/s": r.requestsPerSecond,
        "p50 ms": r.p50Ms,
        "p99 ms": r.p99Ms,
        "app / this": t === "app" ? "" : (at("app", c).requestsPerSecond / r.requestsPerSecond).toFixed(2),
        "non-2xx": r.non2xx,
        errors: r.errors,
      };
    }),
  );
  console.table(table);
  const top = Math.max(...CONNECTIONS);
  const app64 = at("app", top);
  const ratio = app64.requestsPerSecond / at("reference-grouped", top).requestsPerSecond;
  const aims = {
    [`>= 3000 req/s at ${top} clients`]: app64.requestsPerSecond >= 3000,
    [`p99 < 20 ms at ${top} clients`]: app64.p99Ms < 20,
    ">= 0.5 of the reference (grouped audit) throughput": ratio >= 0.5,
    "every app read audited": appAudited >= appServed,
  };
  for (const [k, ok] of Object.entries(aims)) console.log(`[bench] ${ok ? "met    " : "NOT met"}  ${k}`);
  const uncachedRatio = at("app-uncached", top).requestsPerSecond / at("reference-grouped", top).requestsPerSecond;
  console.log(`[bench] without its read cache the app reaches ${uncachedRatio.toFixed(2)} of the reference (same work per read)`);
  const floorRow = rows.find((r) => r.target === "app-floor");
  if (floorRow) console.log(`[bench] app reads reach ${((app64.requestsPerSecond / floorRow.requestsPerSecond) * 100).toFixed(0)}% of the framework floor (a no-database route on the same server)`);
  const out = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
    settings: { loadTool: TOOL, seconds: SECONDS, secrets: SECRETS, connections: CONNECTIONS, warmupSeconds: WARMUP_SECONDS },
    rows,
    ratioToReferenceGrouped: Number(ratio.toFixed(3)),
    uncachedRatioToReferenceGrouped: Number(uncachedRatio.toFixed(3)),
    appFloorRequestsPerSecond: floorRow?.requestsPerSecond ?? null,
    ratioToReferenceSingle: Number((app64.requestsPerSecond / at("reference-single", top).requestsPerSecond).toFixed(3)),
    audit: { appReadsServed: appServed, appReadEventsWritten: appAudited },
    aims,
  };
  mkdirSync(path.join(ROOT, "bench/out"), { recursive: true });
  writeFileSync(path.join(ROOT, "bench/out/vault-reads.json"), JSON.stringify(out, null, 2) + "\n");
  console.log("[bench] wrote bench/out/vault-reads.json");
} catch (e) {
  if (!(e instanceof AppOnlyDone)) {
    console.error("[bench] failed:", e);
    code = 1;
  }
} finally {
  cleanup();
  if (process.env.BENCH_KEEP_DB !== "1") await dropDatabase(databaseUrl).catch(() => {});
  await services.stop();
}
process.exit(code);
