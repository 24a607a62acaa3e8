import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { fingerprintSecret, Scanner } from "./engine";
import { filterBaseline, formatFindings, FORMATS, readBaseline, writeBaseline } from "./report";
import { scanFile, scanGitHistory, scanPatch, scanStaged, scanStdin, scanTree } from "./targets";

const KEY = "targets-test-key";
const scanner = new Scanner({ fingerprintKey: KEY });
const tmp = mkdtempSync(path.join(os.tmpdir(), "keyward-scan-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Random-looking synthetic secrets, built at run time.
const rand = (n: number) => Array.from({ length: n }, (_, i) => "Qx7bK2mZ9pL4vT8rW3nY6cF1hJ5dS0gA"[(i * 7 + n) % 32]).join("");
const GH = "ghp_" + rand(36);
const STRIPE = "sk_live_" + rand(24);
const PG = "Zq8vL2mK9tRx4";

function git(repo: string, args: string[], env: Record<string, string> = {}, mayFail = false) {
  const run = () =>
    execFileSync("git", args, {
      cwd: repo,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", ...env },
    });
  if (!mayFail) return run();
  try {
    return run();
  } catch {
    return ""; // e.g. a merge stopping on a conflict
  }
}

function commit(repo: string, msg: string, author: string, date: string) {
  git(repo, ["add", "-A"]);
  git(repo, ["-c", "user.name=" + author, "-c", `user.email=${author.toLowerCase()}@acme.io`, "commit", "-q", "-m", msg], {
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  });
  return git(repo, ["rev-parse", "HEAD"]).trim();
}

function newRepo(name: string): string {
  const repo = path.join(tmp, name);
  mkdirSync(repo, { recursive: true });
  git(repo, ["init", "-q", "-b", "main"]);
  return repo;
}

describe("git history", () => {
  it("finds a secret added and later deleted, with commit, author, date and line", async () => {
    const repo = newRepo("history");
    writeFileSync(path.join(repo, "README.md"), "# demo\n");
    commit(repo, "init", "Ada", "2024-01-02T10:00:00Z");
    writeFileSync(path.join(repo, "config.js"), `module.exports = {\n  port: 80,\n  token: "${GH}",\n};\n`);
    const added = commit(repo, "add config", "Grace", "2024-02-03T11:00:00Z");
    writeFileSync(path.join(repo, "config.js"), "module.exports = {\n  port: 80,\n  token: process.env.TOKEN,\n};\n");
    commit(repo, "remove token", "Ada", "2024-03-04T12:00:00Z");
    // a secret only on another branch
    git(repo, ["checkout", "-q", "-b", "feature"]);
    writeFileSync(path.join(repo, ".env.staging"), `DATABASE_URL=postgres://app:${PG}@db:5432/app\n`);
    const onBranch = commit(repo, "staging env", "Linus", "2024-04-05T13:00:00Z");
    git(repo, ["checkout", "-q", "main"]);

    const { findings, stats } = await scanGitHistory(scanner, repo);
    expect(stats.commits).toBe(4);
    const gh = findings.find((f) => f.ruleId === "github-token")!;
    expect(gh).toMatchObject({ file: "config.js", line: 3, commit: added, author: "Grace", email: "grace@acme.io" });
    expect(gh.date!.startsWith("2024-02-03")).toBe(true);
    expect(gh.fingerprint).toBe(fingerprintSecret(KEY, GH));
    const pg = findings.find((f) => f.ruleId === "database-url-password")!;
    expect(pg).toMatchObject({ file: ".env.staging", line: 1, commit: onBranch, author: "Linus" });
    // the working tree no longer has it
    expect(scanTree(scanner, repo).findings.filter((f) => f.ruleId === "github-token")).toEqual([]);
  });

  it("finds a multi-line private key added in the middle of a file, at its real line", async () => {
    const repo = newRepo("pem");
    writeFileSync(path.join(repo, "notes.txt"), "a\nb\nc\n");
    commit(repo, "init", "Ada", "2024-01-02T10:00:00Z");
    const body = Array.from({ length: 6 }, (_, i) => rand(60 + i) + "+/").join("\n");
    writeFileSync(path.join(repo, "notes.txt"), `a\nb\n-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\nc\n`);
    const c = commit(repo, "oops", "Ada", "2024-01-03T10:00:00Z");
    const { findings } = await scanGitHistory(scanner, repo);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: "private-key", line: 3, commit: c });
  });

  it("scans a blob held by several commits and branches once, reporting the oldest commit per path", async () => {
    const repo = newRepo("blobs");
    writeFileSync(path.join(repo, "README.md"), "# demo\n");
    commit(repo, "init", "Ada", "2024-01-02T10:00:00Z");
    const secretFile = `module.exports = {\n  token: "${GH}",\n};\n`;
    git(repo, ["checkout", "-q", "-b", "feature"]);
    writeFileSync(path.join(repo, "config.js"), secretFile);
    const first = commit(repo, "add config on feature", "Grace", "2024-02-03T11:00:00Z");
    git(repo, ["checkout", "-q", "main"]);
    // the same content (the same blob) committed again on main, later, by someone else
    writeFileSync(path.join(repo, "config.js"), secretFile);
    commit(repo, "add config on main", "Linus", "2024-03-04T12:00:00Z");
    // an edit elsewhere in the file: a new blob that still holds the secret, on a shifted line
    writeFileSync(path.join(repo, "config.js"), `// settings\n${secretFile}`);
    commit(repo, "comment", "Linus", "2024-03-05T12:00:00Z");
    // a copy at another path is reported there too, with its own commit
    writeFileSync(path.join(repo, "backup.js"), secretFile);
    const copied = commit(repo, "backup", "Ken", "2024-04-05T13:00:00Z");

    const { findings, stats } = await scanGitHistory(scanner, repo);
    expect(stats.commits).toBe(5);
    expect(stats.files).toBe(3); // README, the secret file and its edited version; the copy is not read again
    const gh = findings.filter((f) => f.ruleId === "github-token").map((f) => ({ file: f.file, line: f.line, commit: f.commit, author: f.author }));
    expect(gh.sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      { file: "backup.js", line: 2, commit: copied, author: "Ken" },
      { file: "config.js", line: 2, commit: first, author: "Grace" },
    ]);
  });

  it("scans the same blob again under a path that changes which rules apply", async () => {
    const repo = newRepo("profiles");
    const content = "FROM node:20\nENV NPM_TOKEN 9f2c7a1e4b8d3f6a0c5e\n";
    writeFileSync(path.join(repo, "notes.txt"), content);
    commit(repo, "notes", "Ada", "2024-01-02T10:00:00Z");
    writeFileSync(path.join(repo, "Dockerfile"), content);
    const docker = commit(repo, "dockerfile", "Grace", "2024-01-03T10:00:00Z");
    const progress: number[] = [];
    const { findings } = await scanGitHistory(scanner, repo, { onCommit: (n) => progress.push(n) });
    expect(findings.map((f) => [f.ruleId, f.file, f.line, f.commit])).toEqual([["dockerfile-env-secret", "Dockerfile", 2, docker]]);
    expect(progress.at(-1)).toBe(2);
  });

  it("finds a secret that only a merge commit added, reported at the merge", async () => {
    const repo = newRepo("merge");
    writeFileSync(path.join(repo, "app.env"), "A=1\n");
    commit(repo, "init", "Ada", "2024-01-02T10:00:00Z");
    git(repo, ["checkout", "-q", "-b", "side"]);
    writeFileSync(path.join(repo, "app.env"), "A=2\n");
    commit(repo, "side", "Ada", "2024-01-03T10:00:00Z");
    git(repo, ["checkout", "-q", "main"]);
    writeFileSync(path.join(repo, "app.env"), "A=3\n");
    commit(repo, "main", "Ada", "2024-01-04T10:00:00Z");
    git(repo, ["merge", "-q", "side"], { GIT_AUTHOR_NAME: "Grace", GIT_AUTHOR_EMAIL: "g@acme.io", GIT_COMMITTER_NAME: "Grace", GIT_COMMITTER_EMAIL: "g@acme.io" }, true);
    // the conflict resolved with a secret nobody committed before
    writeFileSync(path.join(repo, "app.env"), `A=4\nTOKEN=${GH}\n`);
    const merge = commit(repo, "merge side", "Grace", "2024-01-05T10:00:00Z");
    const { findings, stats } = await scanGitHistory(scanner, repo);
    expect(stats.commits).toBe(4);
    expect(findings.map((f) => [f.ruleId, f.file, f.line, f.commit, f.author])).toEqual([["github-token", "app.env", 2, merge, "Grace"]]);
  });

  it("skips history already scanned (incremental runs)", async () => {
    const repo = newRepo("incremental");
    writeFileSync(path.join(repo, "a.env"), `TOKEN=${GH}\n`);
    const old = commit(repo, "one", "Ada", "2024-01-02T10:00:00Z");
    writeFileSync(path.join(repo, "b.env"), `STRIPE=${STRIPE}\n`);
    commit(repo, "two", "Ada", "2024-01-03T10:00:00Z");
    const { findings, stats } = await scanGitHistory(scanner, repo, { exclude: [old] });
    expect(stats.commits).toBe(1);
    expect(findings.map((f) => f.ruleId)).toEqual(["stripe-key"]);
  });

  it("gives blobs larger than maxFileSize the file-name rules only", async () => {
    const repo = newRepo("max-size");
    writeFileSync(path.join(repo, "big.env"), `TOKEN=${GH}\n${"# padding\n".repeat(50)}`);
    writeFileSync(path.join(repo, "small.env"), `STRIPE=${STRIPE}\n`);
    commit(repo, "one", "Ada", "2024-01-02T10:00:00Z");
    const all = await scanGitHistory(scanner, repo);
    expect(all.findings.map((f) => f.ruleId).sort()).toEqual(["github-token", "stripe-key"]);
    const capped = await scanGitHistory(scanner, repo, { maxFileSize: 100 });
    expect(capped.findings.map((f) => [f.ruleId, f.file])).toEqual([["stripe-key", "small.env"]]);
    expect(capped.stats).toMatchObject({ files: 1, skipped: 1 });
  });

  it("fails clearly outside a repository", async () => {
    await expect(scanGitHistory(scanner, tmp)).rejects.toThrow(/git log failed/);
  });

  it("scans only what is staged", async () => {
    const repo = newRepo("staged");
    writeFileSync(path.join(repo, "a.txt"), "hello\n");
    commit(repo, "init", "Ada", "2024-01-02T10:00:00Z");
    writeFileSync(path.join(repo, "settings.py"), `DEBUG = False\nSTRIPE_KEY = "${STRIPE}"\n`);
    writeFileSync(path.join(repo, "unstaged.env"), `GITHUB_TOKEN=${GH}\n`);
    git(repo, ["add", "settings.py"]);
    const { findings } = await scanStaged(scanner, repo);
    expect(findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([["stripe-key", "settings.py", 2]]);
  });
});

describe("tree, file and stdin", () => {
  it("honours .gitignore, skips binaries and allowlisted paths, keeps line and column", () => {
    const root = path.join(tmp, "tree");
    mkdirSync(path.join(root, "src"), { recursive: true });
    mkdirSync(path.join(root, "dist"), { recursive: true });
    writeFileSync(path.join(root, ".gitignore"), "dist/\n*.log\n");
    writeFileSync(path.join(root, "src", "app.ts"), `const x = 1;\nconst k = "${STRIPE}";\n`);
    writeFileSync(path.join(root, "dist", "bundle.js"), `var k="${STRIPE}";`);
    writeFileSync(path.join(root, "debug.log"), `token=${GH}\n`);
    writeFileSync(path.join(root, "image.bin"), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(GH)]));
    writeFileSync(path.join(root, "package-lock.json"), `{"x": "${GH}"}`);
    writeFileSync(path.join(root, "certs.p12"), Buffer.from([0, 0, 1]));
    const { findings, stats } = scanTree(scanner, root);
    expect(findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`).sort()).toEqual([
      "keystore-file certs.p12:1:1",
      "stripe-key src/app.ts:2:12",
    ]);
    expect(stats.files).toBe(2); // .gitignore and src/app.ts
  });

  it("applies a nested .gitignore to its own folder only, and skips FIFOs without blocking", () => {
    const root = path.join(tmp, "nested");
    mkdirSync(path.join(root, "a", "deep"), { recursive: true });
    mkdirSync(path.join(root, "b"), { recursive: true });
    writeFileSync(path.join(root, "a", ".gitignore"), "deep/k.env\n");
    for (const f of ["a/deep/k.env", "b/deep.env", "a/k.env"]) writeFileSync(path.join(root, f), `TOKEN=${GH}\n`);
    mkdirSync(path.join(root, "b", "deep"), { recursive: true });
    writeFileSync(path.join(root, "b", "deep", "k.env"), `TOKEN=${GH}\n`);
    execFileSync("mkfifo", [path.join(root, "b", "pipe.env")]);
    expect(scanTree(scanner, root).findings.map((f) => f.file).sort()).toEqual(["a/k.env", "b/deep.env", "b/deep/k.env"]);
  });

  it("keyward:allow on the line suppresses a finding", () => {
    const f = path.join(tmp, "allow.env");
    writeFileSync(f, `A=${GH} # keyward:allow\nB=${STRIPE}\n`);
    expect(scanFile(scanner, f).findings.map((x) => x.line)).toEqual([2]);
  });

  it("reads stdin", async () => {
    const { findings } = await scanStdin(scanner, "<stdin>", Readable.from([`export GITHUB_TOKEN=${GH}\n`]));
    expect(findings.map((f) => f.ruleId)).toEqual(["github-token"]);
  });
});

describe("patch parsing (bytes)", () => {
  const patch = [
    "\u0001c0ffee\u001fAda\u001fada@acme.io\u001f2024-01-02T10:00:00Z",
    "",
    "diff --git a/app.env b/app.env",
    "--- a/app.env",
    "+++ b/app.env",
    "@@ -3,0 +4,2 @@",
    "+# café ✓",
    `+TOKEN=${GH}\r`,
    'diff --git "a/d\\303\\251j\\303\\240.env" "b/d\\303\\251j\\303\\240.env"',
    '+++ "b/d\\303\\251j\\303\\240.env"',
    "@@ -10 +10 @@",
    "-old",
    `+STRIPE=${STRIPE}`,
    "",
  ].join("\n");
  const bytes = Buffer.from(patch, "utf8");
  const describeFindings = (r: ReturnType<typeof scanPatch>) => r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.commit} ${f.author}`);

  it("maps added lines to file lines, unquotes names, drops CR", () => {
    expect(describeFindings(scanPatch(scanner, [bytes]))).toEqual([
      "github-token app.env:5:7 c0ffee Ada",
      "stripe-key déjà.env:10:8 c0ffee Ada",
    ]);
  });

  it("gives the same findings whatever the chunk boundaries", () => {
    const whole = describeFindings(scanPatch(scanner, [bytes]));
    for (const size of [1, 3, 7, 64]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      expect(describeFindings(scanPatch(scanner, chunks)), `chunks of ${size}`).toEqual(whole);
    }
  });
});

describe("reports and baselines", () => {
  const findings = scanner.scanText(`a = "${STRIPE}"\nurl = "postgres://app:${PG}@db/app"\n`, "app/config.py");

  it("never prints the raw secret in any format", () => {
    expect(findings.length).toBe(2);
    for (const format of FORMATS) {
      const out = formatFindings(findings, format);
      expect(out).not.toContain(STRIPE);
      expect(out).not.toContain(PG);
      expect(out).toContain(format === "table" ? "sk_l…" : "stripe-key");
    }
  });

  it("writes valid SARIF 2.1.0", () => {
    const sarif = JSON.parse(formatFindings(findings, "sarif"));
    expect(sarif.version).toBe("2.1.0");
    const r = sarif.runs[0];
    expect(r.tool.driver.rules.map((x: { id: string }) => x.id).sort()).toEqual(["database-url-password", "stripe-key"]);
    expect(r.results[0].locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: "app/config.py" }, region: { startLine: 1, startColumn: 6 } });
    expect(r.results[0].partialFingerprints["keyward/secret/v1"]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("baseline suppresses known findings by fingerprint", () => {
    const file = path.join(tmp, "baseline.json");
    writeBaseline(file, findings.slice(0, 1));
    const more = scanner.scanText(`b = "${STRIPE}"\nc = "${GH}"\n`, "other.py");
    expect(filterBaseline(more, readBaseline(file)).map((f) => f.ruleId)).toEqual(["github-token"]);
  });
});

describe("bin/keyward.mjs (bundled CLI)", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const cache = path.join(tmp, "cli-cache");
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [path.join(root, "bin/keyward.mjs"), "scan", ...args], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, KEYWARD_FINGERPRINT_KEY: KEY, KEYWARD_CLI_CACHE: cache, ...env },
    });

  it("builds the scan bundle on first use, rebuilds it when a source changed, and reports what the tsx path reports", () => {
    const dir = path.join(tmp, "bundled");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "app.env"), `TOKEN=${GH}\nSTRIPE=${STRIPE}\n`);
    const bundled = run([dir, "--format", "json"]);
    expect(bundled.status).toBe(1);
    const manifestFile = path.join(cache, "scan.json");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { inputs: Record<string, [number, number]> };
    expect(Object.keys(manifest.inputs)).toContain(path.join(root, "lib/scanner/engine.ts"));
    const viaTsx = run([dir, "--format", "json"], { KEYWARD_CLI_NO_BUNDLE: "1" });
    expect(viaTsx.status).toBe(1);
    expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse(viaTsx.stdout));

    // a source file that no longer matches the manifest makes the next run rebuild
    const built = statSync(path.join(cache, "scan.mjs")).mtimeMs;
    manifest.inputs[path.join(root, "lib/scanner/engine.ts")]![0] += 1;
    writeFileSync(manifestFile, JSON.stringify(manifest));
    expect(run([dir, "--format", "json"]).status).toBe(1);
    expect(statSync(path.join(cache, "scan.mjs")).mtimeMs).toBeGreaterThan(built);
    expect(JSON.parse(readFileSync(manifestFile, "utf8")).inputs).not.toEqual(manifest.inputs);

    // a cache folder that cannot be made: the command still runs, through tsx
    const blocker = path.join(tmp, "not-a-folder");
    writeFileSync(blocker, "");
    const unbundled = run([dir, "--format", "json"], { KEYWARD_CLI_CACHE: path.join(blocker, "cache") });
    expect(unbundled.status).toBe(1);
    expect(JSON.parse(unbundled.stdout)).toEqual(JSON.parse(viaTsx.stdout));
  });
});

describe("keyward scan (CLI)", () => {
  const cli = (args: string[], input?: string) =>
    spawnSync("npx", ["tsx", "cli/keyward.ts", "scan", ...args], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      input,
      encoding: "utf8",
      env: { ...process.env, KEYWARD_FINGERPRINT_KEY: KEY },
    });

  it("exits 1 on new findings, 0 once they are in the baseline, 2 on bad usage", () => {
    const dir = path.join(tmp, "cli");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "app.env"), `TOKEN=${GH}\n`);
    const baseline = path.join(tmp, "cli-baseline.json");
    const first = cli([dir, "--format", "json", "--write-baseline", baseline]);
    expect(first.status).toBe(1);
    expect(first.stdout).not.toContain(GH);
    expect(JSON.parse(first.stdout).findings[0]).toMatchObject({ ruleId: "github-token", file: "app.env", line: 1 });
    expect(cli([dir, "--baseline", baseline]).status).toBe(0);
    expect(cli(["--stdin", "--format", "csv"], `x=${STRIPE}\n`).status).toBe(1);
    expect(cli([dir, "--format", "xml"]).status).toBe(2);
  });
});
