import { describe, expect, it } from "vitest";
import { loadDetectSecrets, loadGitleaksFixed, loadOwnCorpus, loadSecretlint, score, type TCase, type TScore } from "./corpus";
import { Scanner } from "./engine";

const scanner = new Scanner({ fingerprintKey: "corpus-test-key" });
const flags = (c: TCase) => scanner.scanText(c.text, c.path).length > 0;
const line = (s: TScore) =>
  `${s.corpus.padEnd(16)} recall ${s.tpFound}/${s.tp} (${(s.recall * 100).toFixed(1)}%)  fp flagged ${s.fpFlagged}/${s.fp} (${(s.fpRate * 100).toFixed(1)}%)`;

describe("own corpus (lib/scanner/testdata)", () => {
  const cases = loadOwnCorpus();

  it("has realistic secrets and look-alikes in the usual file types", () => {
    const paths = cases.map((c) => c.path).join("\n");
    for (const re of [/\.env/, /\.ya?ml$/m, /\.tf$/m, /Dockerfile$/m, /\.json$/m, /\.(?:ts|py|go|java|rb)$/m]) expect(paths).toMatch(re);
    expect(cases.filter((c) => c.kind === "tp").length).toBeGreaterThanOrEqual(15);
    expect(cases.filter((c) => c.kind === "fp").length).toBeGreaterThanOrEqual(10);
  });

  it("finds >= 95% of the secrets and flags <= 5% of the look-alikes", () => {
    const s = score("keyward", cases, flags);
    console.log(line(s));
    expect(s.missed.map((c) => c.id)).toEqual([]);
    expect(s.recall).toBeGreaterThanOrEqual(0.95);
    expect(s.fpRate).toBeLessThanOrEqual(0.05);
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
