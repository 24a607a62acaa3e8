// Folders and files on the worker's file system: config folders, .env files, CI variable
// exports (JSON arrays of {key, value} as GitLab and GitHub tooling export them).
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { listTreeFiles, DEFAULT_MAX_FILE_SIZE } from "@/lib/scanner/targets";
import { isPathAllowlisted } from "@/lib/scanner/allowlist";
import type { TFinding } from "@/lib/scanner/types";
import type { Scanner } from "@/lib/scanner/engine";
import { codeownersMatcher, readCodeowners } from "../codeowners";
import { defineConnector, type TDiscoveredFinding } from "../types";

export const ZFilesystemConfig = z.strictObject({
  paths: z.array(z.string().trim().min(1).max(1000)).min(1, "Give at least one folder or file.").max(100).describe("Folders or files to scan, one per line"),
  maxFileSizeKb: z.number().int().min(1).max(100_000).default(5120).describe("Larger files are skipped (KiB)"),
});

/** `[{"key":"DB_PASSWORD","value":"..."}]` (or name/value, variable_type...) -> `DB_PASSWORD="..."` lines. */
export function ciVariablesAsEnv(text: string): string | null {
  const t = text.trimStart();
  if (!t.startsWith("[") && !t.startsWith("{")) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const list = Array.isArray(data) ? data : Array.isArray((data as { variables?: unknown }).variables) ? (data as { variables: unknown[] }).variables : null;
  if (!list || list.length === 0) return null;
  const lines: string[] = [];
  for (const v of list) {
    if (!v || typeof v !== "object") return null;
    const o = v as Record<string, unknown>;
    const key = o.key ?? o.name;
    if (typeof key !== "string" || typeof o.value !== "string") return null;
    lines.push(`${key}=${JSON.stringify(o.value)}`);
  }
  return lines.join("\n");
}

function scanOne(scanner: Scanner, full: string, label: string, maxBytes: number): { findings: TFinding[]; bytes: number } {
  const st = statSync(full);
  if (st.size > maxBytes) return { findings: scanner.scanPath(label), bytes: 0 };
  const buf = readFileSync(full);
  if (buf.subarray(0, 8000).includes(0)) return { findings: scanner.scanPath(label), bytes: 0 };
  const text = buf.toString("utf8");
  const found = scanner.scanText(text, label);
  if (label.endsWith(".json")) {
    const env = ciVariablesAsEnv(text);
    // Each variable becomes one line, in order: line numbers point at the n-th variable.
    if (env) for (const f of scanner.scanText(env, label + ".env")) found.push({ ...f, file: label });
  }
  return { findings: found, bytes: buf.length };
}

export const filesystemConnector = defineConnector({
  id: "filesystem",
  label: "File system",
  description: "Scans folders and files (config folders, .env files, CI variable exports) on the worker's file system.",
  configSchema: ZFilesystemConfig,
  credentialsSchema: null,
  capabilities: ["findings"],
  async test(config) {
    const missing = config.paths.filter((p) => {
      try {
        statSync(p);
        return false;
      } catch {
        return true;
      }
    });
    return missing.length ? { ok: false, message: `not found: ${missing.join(", ")}` } : { ok: true, message: `${config.paths.length} paths readable` };
  },
  async discover(config, _creds, ctx) {
    const maxBytes = config.maxFileSizeKb * 1024 || DEFAULT_MAX_FILE_SIZE;
    let files = 0;
    let bytes = 0;
    const work: { root: string; rel: string; full: string }[] = [];
    for (const p of config.paths) {
      const abs = path.resolve(p);
      let st;
      try {
        st = statSync(abs);
      } catch {
        ctx.warn(`${p}: not found`);
        continue;
      }
      if (st.isDirectory()) for (const rel of listTreeFiles(abs)) work.push({ root: abs, rel, full: path.join(abs, rel) });
      else work.push({ root: path.dirname(abs), rel: path.basename(abs), full: abs });
    }
    const owners = new Map<string, ReturnType<typeof codeownersMatcher>>();
    let batch: TDiscoveredFinding[] = [];
    for (let i = 0; i < work.length; i++) {
      const w = work[i]!;
      if (i % 200 === 0) await ctx.progress(i, work.length, `${i} of ${work.length} files`);
      if (isPathAllowlisted(w.rel)) continue;
      let res;
      try {
        res = scanOne(ctx.scanner, w.full, w.rel, maxBytes);
      } catch (e) {
        ctx.warn(`${w.full}: ${(e as Error).message}`);
        continue;
      }
      files++;
      bytes += res.bytes;
      if (!res.findings.length) continue;
      if (!owners.has(w.root)) owners.set(w.root, codeownersMatcher(readCodeowners(w.root)));
      for (const f of res.findings) {
        batch.push({
          fingerprint: f.fingerprint, ruleId: f.ruleId, description: f.description, severity: f.severity, secretType: f.secretType, preview: f.preview,
          source: "filesystem", repository: w.root, file: f.file, line: f.line, owners: owners.get(w.root)!(f.file),
        });
      }
      if (batch.length >= 500) {
        await ctx.emit({ findings: batch });
        batch = [];
      }
    }
    if (batch.length) await ctx.emit({ findings: batch });
    await ctx.progress(work.length, work.length, `${files} files scanned`);
    return { stats: { files, bytes } };
  },
});
