// Output formats (table, JSON, SARIF 2.1.0, CSV) and baselines. Nothing here ever sees a raw
// secret: findings carry only fingerprints and redacted previews.

import { readFileSync, writeFileSync } from "node:fs";
import { RULES } from "./rules";
import type { TFinding, TSeverity } from "./types";

export const FORMATS = ["table", "json", "sarif", "csv"] as const;
export type TFormat = (typeof FORMATS)[number];

const SEVERITY_ORDER: Record<TSeverity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export function sortFindings(findings: TFinding[]): TFinding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column,
  );
}

export function formatFindings(findings: TFinding[], format: TFormat): string {
  switch (format) {
    case "json":
      return JSON.stringify({ findings: sortFindings(findings) }, null, 2) + "\n";
    case "sarif":
      return JSON.stringify(toSarif(findings), null, 2) + "\n";
    case "csv":
      return toCsv(findings);
    default:
      return toTable(findings);
  }
}

function toTable(findings: TFinding[]): string {
  if (findings.length === 0) return "No secrets found.\n";
  const withCommit = findings.some((f) => f.commit);
  const head = ["SEVERITY", "RULE", "LOCATION", "PREVIEW", ...(withCommit ? ["COMMIT", "AUTHOR", "DATE"] : [])];
  const rows = sortFindings(findings).map((f) => [
    f.severity,
    f.ruleId,
    `${f.file}:${f.line}:${f.column}`,
    f.preview,
    ...(withCommit ? [f.commit?.slice(0, 10) ?? "", f.author ?? "", f.date?.slice(0, 10) ?? ""] : []),
  ]);
  const widths = head.map((h, i) => Math.min(80, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(head), ...rows.map(line)].join("\n") + `\n\n${findings.length} finding(s).\n`;
}

const CSV_COLUMNS = ["severity", "ruleId", "file", "line", "column", "fingerprint", "preview", "commit", "author", "email", "date"] as const;

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? "" : String(v);
  // quote always; neutralise spreadsheet formulas
  const safe = /^[=+\-@\t\r]/.test(s) ? "'" + s : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

function toCsv(findings: TFinding[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const f of sortFindings(findings)) lines.push(CSV_COLUMNS.map((c) => csvCell(f[c])).join(","));
  return lines.join("\n") + "\n";
}

const SARIF_LEVEL: Record<TSeverity, "error" | "warning" | "note"> = { critical: "error", high: "error", medium: "warning", low: "note" };

export function toSarif(findings: TFinding[]) {
  const used = new Set(findings.map((f) => f.ruleId));
  const rules = RULES.filter((r) => used.has(r.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "keyward",
            informationUri: "https://github.com/keyward/keyward",
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: r.description },
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
              properties: { severity: r.severity, secretType: r.secretType, tags: ["security", "secret"] },
            })),
          },
        },
        results: sortFindings(findings).map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId),
          level: SARIF_LEVEL[f.severity],
          message: { text: `${f.description}: ${f.preview}${f.commit ? ` (commit ${f.commit.slice(0, 10)} by ${f.author})` : ""}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file.replace(/^\.\//, "") },
                region: { startLine: f.line, startColumn: f.column },
              },
            },
          ],
          partialFingerprints: { "keyward/secret/v1": f.fingerprint },
          ...(f.commit ? { properties: { commit: f.commit, author: f.author, date: f.date } } : {}),
        })),
      },
    ],
  };
}

// ---- Baselines: known findings by fingerprint ----

export type TBaseline = { version: 1; findings: { fingerprint: string; ruleId: string; file: string }[] };

export function readBaseline(file: string): Set<string> {
  const data = JSON.parse(readFileSync(file, "utf8")) as Partial<TBaseline>;
  if (!Array.isArray(data.findings)) throw new Error(`${file} is not a keyward baseline`);
  return new Set(data.findings.map((f) => f.fingerprint).filter((x): x is string => typeof x === "string"));
}

export function writeBaseline(file: string, findings: TFinding[]): void {
  const seen = new Set<string>();
  const out: TBaseline = { version: 1, findings: [] };
  for (const f of sortFindings(findings)) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    out.findings.push({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file });
  }
  writeFileSync(file, JSON.stringify(out, null, 2) + "\n");
}

export function filterBaseline(findings: TFinding[], baseline: Set<string>): TFinding[] {
  return findings.filter((f) => !baseline.has(f.fingerprint));
}
