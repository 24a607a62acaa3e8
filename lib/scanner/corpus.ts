// Labelled corpora for recall/precision: the shared public ones (when present) and our own.

import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

export type TCase = { id: string; kind: "tp" | "fp"; text: string; path: string; rule: string; group: string };

export type TScore = {
  corpus: string;
  tp: number;
  tpFound: number;
  fp: number;
  fpFlagged: number;
  recall: number;
  fpRate: number;
  missed: TCase[];
  flagged: TCase[];
};

export const SHARED_CORPORA = process.env.KEYWARD_CORPORA_DIR ?? path.resolve(process.cwd(), "../shared/corpora");

type TRow = Record<string, unknown> & { rule: string; kind: string; text: string; path?: string };

function readJsonl(file: string): TRow[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as TRow);
}

/**
 * An fp case whose exact text (and file name) is also a tp case of another rule of the same corpus
 * is dropped: "not a token of rule A" while "a token of rule B", so flagging it is right.
 */
function withoutCrossRuleFps(rows: TRow[]): TRow[] {
  const tpTexts = new Set(rows.filter((r) => r.kind === "tp").map((r) => r.text + "\u0000" + (r.path ?? "")));
  return rows.filter((r) => r.kind === "tp" || !tpTexts.has(r.text + "\u0000" + (r.path ?? "")));
}

/** gitleaks "fixed" cases (literal samples from its sources). */
export function loadGitleaksFixed(dir = SHARED_CORPORA): TCase[] | null {
  const file = path.join(dir, "gitleaks-cases.jsonl");
  if (!existsSync(file)) return null;
  return withoutCrossRuleFps(readJsonl(file).filter((r) => r.origin === "fixed"))
    .map((r, i) => ({ id: `gitleaks-${i}`, kind: r.kind as "tp" | "fp", text: r.text, path: r.path ?? "input.txt", rule: r.rule, group: "gitleaks" }));
}

/** secretlint snapshot cases, secret categories only (policy rows are file checks, base64 rows binaries). */
export function loadSecretlint(dir = SHARED_CORPORA): TCase[] | null {
  const file = path.join(dir, "secretlint-cases.jsonl");
  if (!existsSync(file)) return null;
  return withoutCrossRuleFps(readJsonl(file).filter((r) => r.category === "secret" && !r.rule_options && r.encoding !== "base64"))
    .map((r, i) => ({ id: `secretlint-${i}`, kind: r.kind as "tp" | "fp", text: r.text, path: r.path ?? "input.txt", rule: r.rule, group: "secretlint" }));
}

export function loadDetectSecrets(dir = SHARED_CORPORA): TCase[] | null {
  const file = path.join(dir, "detect-secrets-cases.jsonl");
  if (!existsSync(file)) return null;
  return withoutCrossRuleFps(readJsonl(file)).map((r, i) => ({
    id: `detect-secrets-${i}`,
    kind: r.kind as "tp" | "fp",
    text: r.text,
    path: r.path ?? "input.txt",
    rule: r.rule,
    group: "detect-secrets",
  }));
}

export const OWN_CORPUS = path.join(import.meta.dirname, "testdata");

/**
 * Our corpus: testdata/tp/** and testdata/fp/**. Each file is one case; its path below tp/ or fp/
 * is the path it is scanned under (so .env, Dockerfile, *.tf keep their meaning; a ".sample"
 * suffix is dropped).
 */
export function loadOwnCorpus(dir = OWN_CORPUS): TCase[] {
  const out: TCase[] = [];
  for (const kind of ["tp", "fp"] as const) {
    const root = path.join(dir, kind);
    if (!existsSync(root)) continue;
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const full = path.join(d, name);
        if (statSync(full).isDirectory()) walk(full);
        else {
          // *.ts.sample: stored under another name so the project's type check skips them
          const rel = path.relative(root, full).split(path.sep).join("/").replace(/\.sample$/, "");
          out.push({ id: `${kind}/${rel}`, kind, text: readFileSync(full, "utf8"), path: rel, rule: rel.split("/")[0]!, group: "keyward" });
        }
      }
    };
    walk(root);
  }
  return out;
}

export type TLabel = { line: number; what: string };

/**
 * The secrets in our tp files, by line (testdata/labels.json: "tp/<path>": [{ line, what }], the
 * line a value starts on; a private key's BEGIN line). Written by reading the files, never from a
 * scanner's output, so the scores below measure the scanner rather than echo it.
 */
export function loadOwnLabels(dir = OWN_CORPUS): Map<string, TLabel[]> {
  const file = path.join(dir, "labels.json");
  if (!existsSync(file)) return new Map();
  return new Map(Object.entries(JSON.parse(readFileSync(file, "utf8")) as Record<string, TLabel[]>));
}

export type TLineScore = {
  corpus: string;
  secrets: number;
  found: number;
  /** distinct (file, line) pairs a tool reported */
  reported: number;
  falseAlarms: number;
  recall: number;
  precision: number;
  missed: { id: string; line: number; what: string }[];
  extra: { id: string; line: number }[];
};

/**
 * Per secret rather than per file: a labelled secret counts as found when a finding starts on its
 * line, and a finding on a line with no label is a false alarm, in tp and fp files alike.
 */
export function scoreLines(corpus: string, cases: TCase[], labels: Map<string, TLabel[]>, linesOf: (c: TCase) => number[]): TLineScore {
  const missed: TLineScore["missed"] = [];
  const extra: TLineScore["extra"] = [];
  let secrets = 0;
  let reported = 0;
  for (const c of cases) {
    const want = c.kind === "tp" ? (labels.get(c.id) ?? []) : [];
    const got = new Set(linesOf(c));
    reported += got.size;
    secrets += want.length;
    for (const l of want) if (!got.has(l.line)) missed.push({ id: c.id, line: l.line, what: l.what });
    const labelled = new Set(want.map((l) => l.line));
    for (const line of got) if (!labelled.has(line)) extra.push({ id: c.id, line });
  }
  const found = secrets - missed.length;
  return {
    corpus,
    secrets,
    found,
    reported,
    falseAlarms: extra.length,
    recall: secrets ? found / secrets : 1,
    precision: reported ? (reported - extra.length) / reported : 1,
    missed,
    extra,
  };
}

/** A tp counts when the file yields at least one finding; an fp when it yields any. */
export function score(corpus: string, cases: TCase[], flags: (c: TCase) => boolean): TScore {
  const missed: TCase[] = [];
  const flagged: TCase[] = [];
  let tp = 0;
  let fp = 0;
  for (const c of cases) {
    const hit = flags(c);
    if (c.kind === "tp") {
      tp++;
      if (!hit) missed.push(c);
    } else {
      fp++;
      if (hit) flagged.push(c);
    }
  }
  return {
    corpus,
    tp,
    tpFound: tp - missed.length,
    fp,
    fpFlagged: flagged.length,
    recall: tp ? (tp - missed.length) / tp : 1,
    fpRate: fp ? flagged.length / fp : 0,
    missed,
    flagged,
  };
}
