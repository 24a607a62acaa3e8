import { describe, expect, it } from "vitest";
import { loadDetectSecrets, loadGitleaksFixed, loadOwnCorpus, loadOwnLabels, loadSecretlint, score, scoreLines, type TCase, type TScore } from "./corpus";
import { Scanner } from "./engine";

const scanner = new Scanner({ fingerprintKey: "corpus-test-key" });
const flags = (c: TCase) => scanner.scanText(c.text, c.path).length > 0;
const line = (s: TScore) =>
  `${s.corpus.padEnd(16)} recall ${s.tpFound}/${s.tp} (${(s.recall * 100).toFixed(1)}%)  fp flagged ${s.fpFlagged}/${s.fp} (${(s.fpRate * 100).toFixed(1)}%)`;

describe("scoreLines", () => {
  it("counts a secret found only on its own line, and every other reported line as a false alarm", () => {
    const tp: TCase = { id: "tp/a.env", kind: "tp", text: "A=1\nB=2\nC=3", path: "a.env", rule: "x", group: "t" };
    const fp: TCase = { id: "fp/b.env", kind: "fp", text: "D=4", path: "b.env", rule: "x", group: "t" };
    const labels = new Map([["tp/a.env", [{ line: 1, what: "a" }, { line: 3, what: "c" }]]]);
    const reported = new Map([["tp/a.env", [1, 1, 2]], ["fp/b.env", [1]]]);
    const s = scoreLines("t", [tp, fp], labels, (c) => reported.get(c.id) ?? []);
    expect(s).toMatchObject({ secrets: 2, found: 1, reported: 3, falseAlarms: 2, recall: 0.5 });
    expect(s.precision).toBeCloseTo(1 / 3);
    expect(s.missed).toEqual([{ id: "tp/a.env", line: 3, what: "c" }]);
    expect(s.extra).toEqual([{ id: "tp/a.env", line: 2 }, { id: "fp/b.env", line: 1 }]);
  });
});

describe("own corpus (lib/scanner/testdata)", () => {
  const cases = loadOwnCorpus();
  const labels = loadOwnLabels();
  // each case scanned once, for the per-file and the per-secret scores
  const findings = new Map(cases.map((c) => [c.id, scanner.scanText(c.text, c.path)]));

  it("has realistic secrets and look-alikes in the usual file types", () => {
    const paths = cases.map((c) => c.path).join("\n");
    for (const re of [/\.env/, /\.ya?ml$/m, /\.tf$/m, /Dockerfile$/m, /\.json$/m, /\.(?:ts|py|go|java|rb)$/m]) expect(paths).toMatch(re);
    expect(cases.filter((c) => c.kind === "tp").length).toBeGreaterThanOrEqual(15);
    expect(cases.filter((c) => c.kind === "fp").length).toBeGreaterThanOrEqual(10);
  });

  it("finds >= 95% of the secrets and flags <= 5% of the look-alikes", () => {
    const s = score("keyward", cases, (c) => findings.get(c.id)!.length > 0);
    console.log(line(s));
    // held-out batches are added as written, so a file the rules do not cover yet may stay missed
    // (see the README); the aims are the thresholds
    for (const c of s.missed) console.log(`  missed file ${c.id}`);
    expect(s.recall).toBeGreaterThanOrEqual(0.95);
    expect(s.fpRate).toBeLessThanOrEqual(0.05);
  });

  it("labels every secret of every tp file by a line that holds text, and no fp file", () => {
    const byId = new Map(cases.map((c) => [c.id, c]));
    for (const c of cases.filter((c) => c.kind === "tp")) expect(labels.get(c.id)?.length ?? 0, c.id).toBeGreaterThan(0);
    for (const [id, list] of labels) {
      const c = byId.get(id);
      expect(c?.kind, `${id} is a tp file`).toBe("tp");
      const lines = c!.text.split("\n");
      for (const l of list) expect(lines[l.line - 1]?.trim(), `${id}:${l.line}`).toBeTruthy();
    }
  });

  it("per secret: finds >= 95% of the labelled secrets on their lines, and >= 95% of what it reports is one", () => {
    const s = scoreLines("keyward", cases, labels, (c) => findings.get(c.id)!.map((f) => f.line));
    console.log(
      `${s.corpus.padEnd(16)} per secret: recall ${s.found}/${s.secrets} (${(s.recall * 100).toFixed(1)}%)  precision ${s.reported - s.falseAlarms}/${s.reported} (${(s.precision * 100).toFixed(1)}%)`,
    );
    for (const m of s.missed) console.log(`  missed ${m.id}:${m.line} (${m.what})`);
    for (const e of s.extra) console.log(`  false alarm ${e.id}:${e.line}`);
    expect(s.recall).toBeGreaterThanOrEqual(0.95);
    expect(s.precision).toBeGreaterThanOrEqual(0.95);
  });

  it("finds every planted secret of a multi-secret file, each on its own line", () => {
    const env = cases.find((c) => c.path === "env/.env.production")!;
    const found = scanner.scanText(env.text, env.path);
    expect(found.map((f) => f.line).sort()).toEqual([4, 6, 7]);
  });
});

// The shared public corpora live outside the project; when they are absent there is nothing to
// measure (the benchmark reports them too), so no test is registered.
const gitleaks = loadGitleaksFixed();
if (gitleaks) {
  describe("shared public corpora", () => {
    it("gitleaks fixed cases: recall >= 95%", () => {
      const s = score("gitleaks-fixed", gitleaks, flags);
      console.log(line(s));
      for (const [name, load] of [["secretlint", loadSecretlint], ["detect-secrets", loadDetectSecrets]] as const) {
        const cases = load();
        if (cases) console.log(line(score(name, cases, flags)));
      }
      expect(s.recall).toBeGreaterThanOrEqual(0.95);
    });
  });
}
