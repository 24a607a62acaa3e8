// Git repositories: a local path or a clone URL. The first run scans every commit of every
// branch and tag; later runs only the commits added since (the last scanned commit per ref is
// kept in the connector's state). Remote repositories are mirrored under the data folder.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { dataDir } from "@/lib/crypto/root-key";
import { scanGitHistory } from "@/lib/scanner/targets";
import { codeownersMatcher, CODEOWNERS_PATHS } from "../codeowners";
import { withoutCredentials } from "../git-url";
import { defineConnector, type TDiscoveredFinding } from "../types";

const REMOTE = /^(?:https?|ssh|git|file):\/\/|^[\w.-]+@[\w.-]+:/;

export const ZGitConfig = z.strictObject({
  url: z.string().trim().min(1, "Give a local path or a clone URL.").max(1000).describe("Local path or clone URL (https://, ssh://, git@host:org/repo.git, file://)"),
  /** Shown in findings and the per-repository view; defaults to the URL without credentials. */
  displayName: z.string().trim().max(200).optional().describe("Name shown for the repository (default: the URL)"),
});
export const ZGitCredentials = z.strictObject({
  username: z.string().max(200).optional(),
  token: z.string().min(1).max(5000).describe("Access token for HTTPS clones"),
});
type TGitConfig = z.output<typeof ZGitConfig>;
type TGitCreds = z.output<typeof ZGitCredentials>;

/** Credentials go to git through GIT_CONFIG_* variables: never in the URL, argv or a file. */
function gitEnv(creds: TGitCreds | null): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_ASKPASS: "/bin/false" };
  if (creds?.token) {
    const basic = Buffer.from(`${creds.username ?? "x-access-token"}:${creds.token}`).toString("base64");
    env.GIT_CONFIG_COUNT = "1";
    env.GIT_CONFIG_KEY_0 = "http.extraHeader";
    env.GIT_CONFIG_VALUE_0 = `Authorization: Basic ${basic}`;
  }
  return env;
}

function git(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`git ${args[0]} failed: ${err.trim().slice(0, 400)}`))));
  });
}

/** The repository as findings name it: the display name, else the URL without credentials. */
export function gitRepositoryName(config: { url: string; displayName?: string }): string {
  return config.displayName ?? withoutCredentials(config.url);
}

/** The repository to read: the local path, or a mirror clone kept up to date. */
async function prepare(config: TGitConfig, creds: TGitCreds | null): Promise<string> {
  const env = gitEnv(creds);
  if (!REMOTE.test(config.url)) {
    const p = path.resolve(config.url);
    if (!existsSync(p) || !statSync(p).isDirectory()) throw new Error(`${config.url}: no such folder`);
    await git(p, ["rev-parse", "--git-dir"], env).catch(() => {
      throw new Error(`${config.url}: not a git repository`);
    });
    return p;
  }
  const dir = path.join(dataDir(), "discovery", "git", createHash("sha256").update(config.url).digest("hex").slice(0, 24) + ".git");
  if (existsSync(dir)) {
    await git(dir, ["remote", "update", "--prune"], env);
  } else {
    mkdirSync(path.dirname(dir), { recursive: true });
    await git(path.dirname(dir), ["clone", "--mirror", "--quiet", "--", config.url, dir], env);
  }
  return dir;
}

async function refs(repo: string, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const out = await git(repo, ["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads", "refs/tags", "refs/remotes"], env);
  const map: Record<string, string> = {};
  for (const l of out.split("\n")) {
    const [ref, sha] = l.split(" ");
    if (ref && sha && !ref.endsWith("/HEAD")) map[ref] = sha;
  }
  return map;
}

function commitExists(repo: string, sha: string): boolean {
  return spawnSync("git", ["cat-file", "-e", `${sha}^{commit}`], { cwd: repo }).status === 0;
}

async function codeowners(repo: string, env: NodeJS.ProcessEnv) {
  for (const p of CODEOWNERS_PATHS) {
    const text = await git(repo, ["show", `HEAD:${p}`], env).catch(() => null);
    if (text) return codeownersMatcher(text);
  }
  return codeownersMatcher(null);
}

export const gitConnector = defineConnector({
  id: "git",
  label: "Git repository",
  description: "Scans every commit of every branch for hardcoded secrets; later runs scan only new commits.",
  configSchema: ZGitConfig,
  credentialsSchema: ZGitCredentials,
  capabilities: ["findings"],
  async test(config, creds) {
    const env = gitEnv(creds);
    if (REMOTE.test(config.url)) {
      const out = await git(process.cwd(), ["ls-remote", "--heads", "--", config.url], env);
      return { ok: true, message: `reachable: ${out.split("\n").filter(Boolean).length} branches` };
    }
    const repo = await prepare(config, creds);
    return { ok: true, message: `${Object.keys(await refs(repo, env)).length} refs in ${repo}` };
  },
  async discover(config, creds, ctx) {
    const env = gitEnv(creds);
    const repo = await prepare(config, creds);
    const current = await refs(repo, env);
    const previous = (ctx.state.refs ?? {}) as Record<string, string>;
    // Commits reachable from what was scanned last time are skipped; a ref rewritten since
    // (force push) still has its new commits scanned, as they are not reachable from the old tip.
    const exclude = [...new Set(Object.values(previous))].filter((sha) => /^[0-9a-f]{40,64}$/.test(sha) && commitExists(repo, sha));
    const totalOut = await git(repo, ["rev-list", "--all", "--count", ...(exclude.length ? ["--not", ...exclude] : [])], env).catch(() => "0");
    const total = Number(totalOut.trim()) || 0;
    await ctx.progress(0, total, `${total} commits to scan`);
    let last = Date.now();
    let pending: Promise<void> = Promise.resolve();
    const owners = await codeowners(repo, env);
    const res = await scanGitHistory(ctx.scanner, repo, {
      exclude,
      onCommit: (n) => {
        if (Date.now() - last > 500) {
          last = Date.now();
          pending = pending.then(() => ctx.progress(n, total, `${n} of ${total} commits`)).catch(() => undefined);
        }
      },
    });
    await pending;
    const repository = gitRepositoryName(config);
    const findings: TDiscoveredFinding[] = res.findings.map((f) => ({
      fingerprint: f.fingerprint, ruleId: f.ruleId, description: f.description, severity: f.severity, secretType: f.secretType, preview: f.preview,
      source: "git", repository, file: f.file, line: f.line, commit: f.commit, author: f.author, committedAt: f.date, owners: owners(f.file),
    }));
    for (let i = 0; i < findings.length; i += 500) await ctx.emit({ findings: findings.slice(i, i + 500) });
    await ctx.progress(total, total, `${res.stats.commits} commits scanned, ${findings.length} findings`);
    return { state: { refs: current, lastScanAt: new Date().toISOString() }, stats: { commits: res.stats.commits, bytes: res.stats.bytes } };
  },
});
