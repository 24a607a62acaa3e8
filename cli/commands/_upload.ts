// `keyward scan --upload <console>`: fetches the console's fingerprint key before scanning (so
// fingerprints match the console's findings and stored secrets), then posts the report.
// Only fingerprints and 4-character previews leave the machine, never a matched value.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { withoutCredentials } from "@/lib/connectors/git-url";
import type { TFinding } from "@/lib/scanner/types";
import { credentialsFile } from "./_vault-config";

/** Findings per request: each request is recorded whole (one transaction on the console). */
export const UPLOAD_BATCH = 2000;

export type TUploadContext = { repository: { name?: string; url?: string }; commit?: string; ref?: string; ownerTeamId?: string };
export type TUploadSummary = { findings: number; created: number; seen: number; locations: number; reopened: number; compromised: number; repository: string; findingsUrl: string };

export class UploadError extends Error {}

function apiUrl(base: string, route: string): URL {
  let u: URL;
  try {
    u = new URL(base.endsWith("/") ? base : base + "/");
  } catch {
    throw new UploadError(`--upload: "${base}" is not a URL (e.g. https://keyward.example.com)`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new UploadError("--upload: use an http(s) URL");
  return new URL(route, u);
}

/** KEYWARD_TOKEN, else the token `keyward login` saved. */
export function uploadToken(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KEYWARD_TOKEN) return env.KEYWARD_TOKEN;
  const file = credentialsFile();
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, "utf8")) as { token?: string };
    if (saved.token) return saved.token;
  }
  throw new UploadError("--upload needs a personal API token (console: Settings → API tokens) in KEYWARD_TOKEN");
}

async function call<T>(url: URL, token: string, init: { method: string; body?: string }): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method,
      headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) },
      body: init.body,
      signal: AbortSignal.timeout(120_000),
    });
  } catch (e) {
    throw new UploadError(`cannot reach ${url.origin}: ${(e as Error).message}`);
  }
  const text = await res.text();
  let body: { error?: { message?: string; fields?: Record<string, string[]> } } & Record<string, unknown> = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    // not JSON: reported by status below
  }
  if (res.status === 401) throw new UploadError("the console refused the token: --upload needs a valid personal API token (Settings → API tokens) in KEYWARD_TOKEN");
  if (!res.ok) {
    const fields = body.error?.fields ? ` (${Object.entries(body.error.fields).map(([k, v]) => `${k}: ${v.join(" ")}`).join("; ")})` : "";
    throw new UploadError(`the console answered ${res.status}: ${body.error?.message ?? text.slice(0, 200)}${fields}`);
  }
  return body as T;
}

/** The console's fingerprint key (audited there). Kept in memory only. */
export async function fetchFingerprintKey(base: string, token: string): Promise<Buffer> {
  const r = await call<{ algorithm?: string; key?: string }>(apiUrl(base, "api/v1/discovery/fingerprint-key"), token, { method: "GET" });
  if (r.algorithm !== "HMAC-SHA256" || typeof r.key !== "string" || !r.key) throw new UploadError("the console did not return a fingerprint key");
  return Buffer.from(r.key, "base64");
}

function git(cwd: string, args: string[]): string | undefined {
  const r = spawnSync("git", ["-C", cwd, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}

/**
 * What was scanned: --repository (a name or a URL), else the CI's variables (GitHub Actions,
 * GitLab CI), else the git remote "origin", else the folder's name. URLs lose any credentials.
 */
export function detectContext(target: string, opts: { repository?: string; ownerTeamId?: string }, env: NodeJS.ProcessEnv = process.env): TUploadContext {
  const abs = path.resolve(target);
  const dir = existsSync(abs) && statSync(abs).isDirectory() ? abs : path.dirname(abs);
  const looksLikeUrl = (s: string) => /^[a-z][a-z0-9+.-]*:\/\/|^[\w.-]+@[\w.-]+:/i.test(s);
  const github = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}` : undefined;
  const given = opts.repository?.trim();
  const url = given && looksLikeUrl(given) ? given : (env.CI_PROJECT_URL ?? github ?? git(dir, ["remote", "get-url", "origin"]));
  const name = given && !looksLikeUrl(given) ? given : (env.CI_PROJECT_PATH ?? env.GITHUB_REPOSITORY ?? (url ? undefined : path.basename(dir)));
  const commit = env.CI_COMMIT_SHA ?? env.GITHUB_SHA ?? git(dir, ["rev-parse", "HEAD"]);
  const ref = env.CI_COMMIT_REF_NAME ?? env.GITHUB_REF_NAME ?? git(dir, ["rev-parse", "--abbrev-ref", "HEAD"]);
  return {
    repository: { ...(name ? { name } : {}), ...(url ? { url: withoutCredentials(url) } : {}) },
    ...(commit && /^[0-9a-f]{7,64}$/i.test(commit) ? { commit } : {}),
    ...(ref && ref !== "HEAD" ? { ref } : {}),
    ...(opts.ownerTeamId ? { ownerTeamId: opts.ownerTeamId } : {}),
  };
}

/** Posts the findings (UPLOAD_BATCH per request) and adds up the console's answers. */
export async function uploadFindings(base: string, token: string, findings: TFinding[], ctx: TUploadContext): Promise<TUploadSummary> {
  const url = apiUrl(base, "api/v1/discovery/scans");
  const total: TUploadSummary = { findings: 0, created: 0, seen: 0, locations: 0, reopened: 0, compromised: 0, repository: "", findingsUrl: "" };
  // The report's fields, named one by one: nothing else of a finding is ever sent.
  const shaped = findings.map((f) => ({
    ruleId: f.ruleId, description: f.description, severity: f.severity, secretType: f.secretType, file: f.file, line: f.line, column: f.column,
    fingerprint: f.fingerprint, preview: f.preview,
    ...(f.commit ? { commit: f.commit } : {}), ...(f.author ? { author: f.author } : {}), ...(f.date ? { date: f.date } : {}),
  }));
  for (let i = 0; i === 0 || i < shaped.length; i += UPLOAD_BATCH) {
    const r = await call<TUploadSummary>(url, token, { method: "POST", body: JSON.stringify({ ...ctx, findings: shaped.slice(i, i + UPLOAD_BATCH) }) });
    for (const k of ["findings", "created", "seen", "locations", "reopened", "compromised"] as const) total[k] += Number(r[k] ?? 0);
    total.repository = r.repository;
    total.findingsUrl = new URL(r.findingsUrl, apiUrl(base, "")).toString();
  }
  return total;
}
