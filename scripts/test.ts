// `npm test`: the one command that proves the project works.
//
//   services + a fresh database -> migrations -> type check -> vitest -> next build ->
//   OpenID provider + app + worker + demo data -> Playwright -> clean up (also on failure)
//
// Works on this project's machines (local PostgreSQL and Redis) and on a laptop without them
// (scripts/lib/services.ts starts embedded PostgreSQL and a redis-server). Prints a summary and
// a final `N passed, N failed` line; exits non-zero when anything failed.
//
//   npm test                      everything
//   npm test -- --skip-e2e        stop after vitest (no build, no browser)
//   npm test -- --only-e2e        skip type check and vitest
//   npm test -- --grep <text>     only Playwright tests whose title matches
//   npm test -- --no-build        reuse the last `next build` (while writing browser tests)
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { applyMigrations } from "./lib/migrations.ts";
import { freePort, dropDatabase, ensureServices, testScanRoots, type Services } from "./lib/services.ts";
import { SSO_NAME } from "../e2e/sso-accounts.ts";

const root = path.resolve(import.meta.dirname, "..");
const outDir = path.join(root, "test-results", "run");
const args = process.argv.slice(2);
const skipE2e = args.includes("--skip-e2e");
const onlyE2e = args.includes("--only-e2e");
const noBuild = args.includes("--no-build") && fs.existsSync(path.join(root, ".next/BUILD_ID"));
const grep = args.includes("--grep") ? args[args.indexOf("--grep") + 1] : undefined;

type Step = { name: string; ok: boolean; ms: number; note?: string };
const steps: Step[] = [];
const counts = { passed: 0, failed: 0 };
const children: ChildProcess[] = [];
const t0 = Date.now();

const secs = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
const log = (msg: string) => console.log(`\n[test] ${msg}`);

/** Runs and times one step; a failure is recorded (the caller decides whether to go on). */
async function step<T>(name: string, fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  log(`${name}…`);
  const start = Date.now();
  try {
    const value = await fn();
    steps.push({ name, ok: true, ms: Date.now() - start });
    return { ok: true, value };
  } catch (e) {
    const note = (e as Error).message;
    steps.push({ name, ok: false, ms: Date.now() - start, note });
    console.error(`[test] ${name} FAILED: ${note}`);
    return { ok: false };
  }
}

/** Runs a command to completion with inherited output; rejects on a non-zero exit or timeout. */
function run(cmd: string, argv: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: root, env, stdio: "inherit", detached: true });
    children.push(child); // so an interrupt stops it too
    const timer = setTimeout(() => {
      killGroup(child);
      reject(new Error(`timed out after ${secs(timeoutMs)}`));
    }, timeoutMs);
    child.on("error", (e) => (clearTimeout(timer), reject(e)));
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(cmd)} ${argv.slice(0, 2).join(" ")} exited with ${code ?? signal}`));
    });
  });
}

/** Starts a long-running process (own process group) with its output in test-results/run/<name>.log. */
function background(name: string, cmd: string, argv: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const logFile = fs.openSync(path.join(outDir, `${name}.log`), "w");
  const child = spawn(cmd, argv, { cwd: root, env, stdio: ["ignore", logFile, logFile], detached: true });
  fs.closeSync(logFile);
  children.push(child);
  child.on("exit", (code, signal) => {
    if (!stopping) console.error(`[test] ${name} exited early (${code ?? signal}); see test-results/run/${name}.log`);
  });
  return child;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM") {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

let stopping = false;
async function stopChildren() {
  stopping = true;
  const alive = children.filter((c) => c.exitCode === null && c.signalCode === null);
  for (const c of alive) killGroup(c);
  await Promise.race([
    Promise.all(alive.map((c) => new Promise((r) => c.once("exit", r)))),
    new Promise((r) => setTimeout(r, 8000)),
  ]);
  for (const c of alive) killGroup(c, "SIGKILL");
}


async function waitFor(url: string, what: string, timeoutMs: number, child?: ChildProcess) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    try {
      const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5000) });
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} did not answer at ${url} within ${secs(timeoutMs)}`);
}

/**
 * On a shared Redis, give this run its own logical database (rate-limit counters of earlier runs
 * must not lock the browser tests out) and queue prefix (no other worker takes our jobs).
 */
async function isolateRedis(url: string, runId: string): Promise<string> {
  const u = new URL(url);
  if (u.pathname.length <= 1) u.pathname = `/${1 + (Number(runId) % 15)}`;
  const client = new Redis(u.toString(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", "keyward:rl:*", "COUNT", 500);
      if (keys.length) await client.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
  return u.toString();
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

function summary(): number {
  const total = Date.now() - t0;
  const failed = steps.filter((s) => !s.ok);
  console.log("\n================ npm test summary ================");
  for (const s of steps) console.log(`${s.ok ? "ok  " : "FAIL"}  ${s.name.padEnd(34)} ${secs(s.ms).padStart(7)}${s.note ? `  ${s.note}` : ""}`);
  console.log(`total ${secs(total)}`);
  console.log(failed.length ? `FAILED: ${failed.map((s) => s.name).join(", ")}` : "all steps passed");
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  return failed.length || counts.failed ? 1 : 0;
}

const runId = String(Date.now());
const database = `keyward_test_${runId}`;
let services: Services | undefined;
let databaseUrl: string | undefined;

let cleaned: Promise<void> | undefined;
/** Stops every process this run started, drops the test database and stops services we started. */
function cleanup(): Promise<void> {
  return (cleaned ??= (async () => {
    await stopChildren();
    if (databaseUrl) await dropDatabase(databaseUrl).catch((e) => console.error(`[test] could not drop ${database}: ${(e as Error).message}`));
    await services?.stop().catch(() => {});
  })());
}

async function main(): Promise<number> {
  fs.mkdirSync(outDir, { recursive: true });

  try {
    const svc = await step("services and test database", () => ensureServices({ database }));
    if (!svc.ok) return summary();
    services = svc.value;
    databaseUrl = services.databaseUrl;
    const isolated = await step("isolate redis", () => isolateRedis(services!.redisUrl, runId));
    const redisUrl = isolated.ok ? isolated.value : services.redisUrl;
    console.log(`[test] database ${databaseUrl.replace(/\/\/[^@]*@/, "//")}, redis ${redisUrl}`);

    if (!(await step("migrations", () => applyMigrations(databaseUrl!))).ok) return summary();
    if (!fs.existsSync(path.join(root, "generated/prisma/client.ts"))) {
      await step("prisma generate", () => run("npm", ["run", "db:generate"], process.env, 120_000));
    }

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      KEYWARD_TEST_DB: "1",
      KEYWARD_QUEUE_PREFIX: `{keyward-test-${runId}}`,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? randomBytes(32).toString("hex"),
      NEXT_TELEMETRY_DISABLED: "1",
      // File-system connectors in the tests read folders they make under the temp folder.
      KEYWARD_SCAN_ROOTS: process.env.KEYWARD_SCAN_ROOTS ?? testScanRoots(),
    };
    const bin = (name: string) => path.join(root, "node_modules/.bin", name);

    if (!onlyE2e) {
      await step("type check (tsc --noEmit)", () => run(bin("tsc"), ["--noEmit"], env, 300_000));
      const vitestJson = path.join(outDir, "vitest.json");
      fs.rmSync(vitestJson, { force: true });
      await step("unit and integration tests (vitest)", () =>
        run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`], env, 600_000),
      );
      const v = readJson<{ numPassedTests: number; numFailedTests: number; numTotalTests: number }>(vitestJson);
      if (v) {
        counts.passed += v.numPassedTests;
        counts.failed += v.numFailedTests;
        console.log(`[test] vitest: ${v.numPassedTests} passed, ${v.numFailedTests} failed`);
      } else {
        steps.push({ name: "vitest report", ok: false, ms: 0, note: "no JSON report written" });
      }
    }
    if (skipE2e) return summary();

    const browser = await step("browser available", async () => {
      if (fs.existsSync("/usr/bin/chromium")) return;
      const { chromium } = await import("@playwright/test");
      if (!fs.existsSync(chromium.executablePath())) {
        throw new Error("no browser: install Chromium (Debian/Ubuntu: apt-get install chromium) or run `npx playwright install chromium`");
      }
    });
    if (!browser.ok) return summary();

    const appPort = await freePort();
    const idpPort = await freePort();
    const baseUrl = `http://localhost:${appPort}`;
    const oidc = {
      OIDC_ISSUER: `http://127.0.0.1:${idpPort}`,
      OIDC_CLIENT_ID: "keyward-e2e",
      OIDC_CLIENT_SECRET: randomBytes(24).toString("hex"),
      OIDC_NAME: SSO_NAME,
    };
    // The built app runs as production, which never creates a root key file: give the app and
    // the worker this run's own keys, so a clean clone needs no .data folder.
    const appEnv: NodeJS.ProcessEnv = {
      ...env,
      ...oidc,
      NEXTAUTH_URL: baseUrl,
      PORT: String(appPort),
      NODE_ENV: "production",
      KEYWARD_ROOT_KEY: process.env.KEYWARD_ROOT_KEY ?? randomBytes(32).toString("hex"),
      KEYWARD_FINGERPRINT_KEY: process.env.KEYWARD_FINGERPRINT_KEY ?? randomBytes(32).toString("hex"),
    };

    if (!noBuild && !(await step("build (next build)", () => run(bin("next"), ["build"], appEnv, 600_000))).ok) {
      return summary();
    }
    // The seed stores a vault value and computes fingerprints (discovery demo): with the app's keys.
    const seedEnv = { ...env, KEYWARD_ROOT_KEY: appEnv.KEYWARD_ROOT_KEY, KEYWARD_FINGERPRINT_KEY: appEnv.KEYWARD_FINGERPRINT_KEY };
    const seeded = await step("seed demo and e2e data", () =>
      run(process.execPath, ["--import", "tsx", "--conditions=react-server", "e2e/seed.ts"], seedEnv, 180_000),
    );
    if (!seeded.ok) return summary();

    const started = await step("start OpenID provider, app and worker", async () => {
      const idp = background("oidc-provider", process.execPath, ["--import", "tsx", "e2e/oidc-provider.ts"], {
        ...env,
        OIDC_PROVIDER_PORT: String(idpPort),
        OIDC_CLIENT_ID: oidc.OIDC_CLIENT_ID,
        OIDC_CLIENT_SECRET: oidc.OIDC_CLIENT_SECRET,
        OIDC_REDIRECT_URI: `${baseUrl}/api/auth/callback/oidc`,
      });
      await waitFor(`${oidc.OIDC_ISSUER}/.well-known/openid-configuration`, "OpenID provider", 30_000, idp);
      const app = background("app", process.execPath, ["--conditions=react-server", "--import", "tsx", "server.ts", "-p", String(appPort), "-H", "localhost"], appEnv);
      const workerPort = await freePort();
      const worker = background("worker", process.execPath, ["--import", "tsx", "--conditions=react-server", "workers/index.ts"], {
        ...appEnv,
        WORKER_HEALTH_PORT: String(workerPort),
      });
      await waitFor(`${baseUrl}/signin`, "app", 60_000, app);
      await waitFor(`http://127.0.0.1:${workerPort}/`, "worker", 60_000, worker);
    });
    if (!started.ok) return summary();

    const pwJson = path.join(outDir, "playwright.json");
    fs.rmSync(pwJson, { force: true });
    await step("browser tests (playwright)", () =>
      run(bin("playwright"), ["test", ...(grep ? ["--grep", grep] : [])], {
        ...env,
        ...oidc,
        E2E_BASE_URL: baseUrl,
        E2E_JSON_REPORT: pwJson,
      }, 600_000),
    );
    const p = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(pwJson);
    if (p) {
      counts.passed += p.stats.expected + p.stats.flaky;
      counts.failed += p.stats.unexpected;
      console.log(`[test] playwright: ${p.stats.expected} passed, ${p.stats.unexpected} failed, ${p.stats.flaky} flaky, ${p.stats.skipped} skipped`);
      if (p.stats.skipped) steps.push({ name: "playwright skipped tests", ok: false, ms: 0, note: `${p.stats.skipped} skipped` });
    } else {
      steps.push({ name: "playwright report", ok: false, ms: 0, note: "no JSON report written" });
    }
    return summary();
  } finally {
    await cleanup();
  }
}

for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    console.error(`\n[test] ${sig}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}

// Fail fast with a clear message when a required tool is missing.
if (spawnSync(process.execPath, ["-e", "require.resolve('next')"], { cwd: root }).status !== 0) {
  console.error("[test] node_modules is missing: run `npm install` first.");
  process.exit(1);
}

process.exit(await main());
