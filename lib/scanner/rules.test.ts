import { describe, expect, it } from "vitest";
import { Scanner } from "./engine";
import { RULES } from "./rules";
import type { TRuleExample } from "./types";

const scanner = new Scanner({ fingerprintKey: "rules-test-key" });
const asCase = (ex: TRuleExample) => (typeof ex === "string" ? { text: ex, path: "example.txt" } : ex);

describe("rule data", () => {
  it("has unique ids and at least one example of each kind per rule", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      expect(rule.examples.tp.length, rule.id).toBeGreaterThan(0);
      expect(rule.examples.fp.length, rule.id).toBeGreaterThan(0);
      for (const kw of rule.keywords) expect(kw, rule.id).toBe(kw.toLowerCase());
    }
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      rule.examples.tp.forEach((ex, i) => {
        it(`finds true positive #${i + 1}`, () => {
          const { text, path } = asCase(ex);
          const ids = scanner.scanText(text, path).map((f) => f.ruleId);
          expect(ids, JSON.stringify(text)).toContain(rule.id);
        });
      });
      rule.examples.fp.forEach((ex, i) => {
        it(`ignores false positive #${i + 1}`, () => {
          const { text, path } = asCase(ex);
          const ids = scanner.scanText(text, path).map((f) => f.ruleId);
          expect(ids, JSON.stringify(text)).not.toContain(rule.id);
        });
      });
    });
  }
});
