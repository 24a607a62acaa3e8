// Folders and files on the worker's file system: config folders, .env files, CI variable
// exports (JSON arrays of {key, value} as GitLab and GitHub tooling export them).
import { closeSync, constants, fstatSync, openSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { listTreeFiles, DEFAULT_MAX_FILE_SIZE, isBinary } from "@/lib/scanner/targets";
import { isPathAllowlisted } from "@/lib/scanner/allowlist";
import type { TFinding } from "@/lib/scanner/types";
import type { Scanner } from "@/lib/scanner/engine";
import { codeownersMatcher, readCodeowners } from "../codeowners";
import { defineConnector, type TDiscoveredFinding } from "../types";
import { scanPathChecker, scanPathRefusal } from "./roots";

export const ZFilesystemConfig = z.strictObject({
  paths: z
    .array(
      // Checked against KEYWARD_SCAN_ROOTS on every parse: when the connector is saved, and again
      // when it runs (the runner parses its stored config), so a narrowed setting stops old connectors.
      z
        .string()
        .trim()
        .min(1)
        .max(1000)
        .superRefine((p, ctx) => {
          const why = scanPathRefusal(p);
          if (why) ctx.addIssue({ code: "custom", message: why });
        }),
    )
    .min(1, "Give at least one folder or file.")
    .max(100)
    .describe("Folders or files to scan, one per line (absolute, under the server's KEYWARD_SCAN_ROOTS)"),
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

/** Reads a file by its real path, refusing a symlink swapped in since the check (O_NOFOLLOW). */
function readChecked(real: string, maxBytes: number): Buffer | null {
  const fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error("not a regular file");
    return st.size > maxBytes ? null : readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

function scanOne(scanner: Scanner, real: string, label: string, maxBytes: number): { findings: TFinding[]; bytes: number } {
  const buf = readChecked(real, maxBytes);
  if (!buf) return { findings: scanner.scanPath(label), bytes: 0 };
  if (isBinary(buf)) return { findings: scanner.scanPath(label), bytes: 0 };
  // bytes: a file without any keyword is never decoded; only JSON exports are read as text
  const found = scanner.scanBuffer(buf, label);
  if (label.endsWith(".json")) {
    const env = ciVariablesAsEnv(buf.toString("utf8"));
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
    const work: { root: string; rel: string; real: string }[] = [];
    // Checked again here, file by file on real paths: a symlink (or a git-tracked link) under an
    // allowed folder must not lead out of it, nor into Keyward's own data.
    const refusal = scanPathChecker();
    for (const p of config.paths) {
      const why = refusal(p);
      if (why) throw new Error(`${p}: ${why}`);
      const abs = path.resolve(p);
      let st;
      try {
        st = statSync(abs);
      } catch {
        ctx.warn(`${p}: not found`);
        continue;
      }
      const entries = st.isDirectory() ? listTreeFiles(abs).map((rel) => ({ root: abs, rel })) : [{ root: path.dirname(abs), rel: path.basename(abs) }];
      let refused = 0;
      for (const e of entries) {
        let real: string;
        try {
          real = realpathSync(path.join(e.root, e.rel));
        } catch {
          continue; // a dangling link, or deleted since listing
        }
        if (refusal(real, true)) refused++;
        else work.push({ ...e, real });
      }
      if (refused) ctx.warn(`${p}: ${refused} file(s) skipped: they resolve outside the allowed folders or into Keyward's own data`);
    }
    const owners = new Map<string, ReturnType<typeof codeownersMatcher>>();
    let batch: TDiscoveredFinding[] = [];
    for (let i = 0; i < work.length; i++) {
      const w = work[i]!;
      if (i % 200 === 0) await ctx.progress(i, work.length, `${i} of ${work.length} files`);
      if (isPathAllowlisted(w.rel)) continue;
      let res;
      try {
        res = scanOne(ctx.scanner, w.real, w.rel, maxBytes);
      } catch (e) {
        ctx.warn(`${path.join(w.root, w.rel)}: ${(e as Error).message}`);
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
