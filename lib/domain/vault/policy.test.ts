import { describe, expect, it } from "vitest";
import { evaluate, isValidPath, isValidPattern, matches, type TSourcedRule } from "./policy";

const rule = (path: string, caps: TSourcedRule["capabilities"], effect: "allow" | "deny" = "allow", i = 0): TSourcedRule => ({
  path,
  capabilities: caps,
  effect,
  source: { kind: "policy", policyId: `p${i}`, policyName: `policy-${i}`, ruleIndex: i, attachedTo: "identity" },
});

describe("path patterns", () => {
  it("+ is one segment, trailing * is any rest", () => {
    expect(matches("prod/payments/*", "prod/payments/api/key")).toBe(true);
    expect(matches("prod/payments/*", "prod/payroll/api/key")).toBe(false);
    expect(matches("+/payments/+/db", "dev/payments/api/db")).toBe(true);
    expect(matches("+/payments/+/db", "dev/payments/api/v2/db")).toBe(false);
    expect(matches("prod/pay*", "prod/payments/x")).toBe(true);
    expect(matches("prod/a.b", "prod/aXb")).toBe(false); // dots are literal
    expect(matches("*", "anything/at/all")).toBe(true);
  });
  it("validates paths and patterns", () => {
    expect(isValidPath("prod/payments/api/stripe-key")).toBe(true);
    expect(isValidPath("prod//x")).toBe(false);
    expect(isValidPath("prod/../x")).toBe(false);
    expect(isValidPath("prod/x*")).toBe(false);
    expect(isValidPattern("prod/+/api/*")).toBe(true);
    expect(isValidPattern("prod/*/api")).toBe(false);
    expect(isValidPattern("prod/a*b")).toBe(false);
  });
});

describe("evaluate", () => {
  it("denies by default", () => {
    const d = evaluate([rule("dev/*", ["read"])], "prod/x/y", "read");
    expect(d.allowed).toBe(false);
    expect(d.decidedBy).toBeNull();
    expect(d.reason).toMatch(/deny by default/);
  });
  it("allows with the matching capability only", () => {
    expect(evaluate([rule("prod/*", ["read"])], "prod/x", "read").allowed).toBe(true);
    expect(evaluate([rule("prod/*", ["read"])], "prod/x", "update").allowed).toBe(false);
  });
  it("deny wins even over a more specific allow, and says which rule decided", () => {
    const rules = [rule("prod/payments/api/key", ["read"], "allow", 0), rule("prod/*", ["read"], "deny", 1)];
    const d = evaluate(rules, "prod/payments/api/key", "read");
    expect(d.allowed).toBe(false);
    expect(d.decidedBy?.source).toMatchObject({ policyName: "policy-1", ruleIndex: 1 });
    expect(d.matched).toHaveLength(2);
  });
  it("reports the most specific allow", () => {
    const d = evaluate([rule("prod/*", ["read"], "allow", 0), rule("prod/payments/+/key", ["read"], "allow", 1)], "prod/payments/api/key", "read");
    expect(d.decidedBy?.path).toBe("prod/payments/+/key");
  });
});

describe("console rule syntax", () => {
  it("parses allow/deny lines and reports bad ones by line", async () => {
    const { parseRuleLines, formatRules } = await import("./policy");
    const ok = parseRuleLines("# payments\nallow read,list prod/payments/*\n\ndeny read +/+/+/db-password  # never\n");
    expect(ok.errors).toEqual([]);
    expect(ok.rules).toEqual([
      { effect: "allow", capabilities: ["read", "list"], path: "prod/payments/*" },
      { effect: "deny", capabilities: ["read"], path: "+/+/+/db-password" },
    ]);
    expect(parseRuleLines(formatRules(ok.rules)).rules).toEqual(ok.rules);
    const bad = parseRuleLines("permit read x\nallow fly prod/*\nallow read\nallow read bad//path");
    expect(bad.rules).toEqual([]);
    expect(bad.errors.map((e) => e.slice(0, 7))).toEqual(["Line 1:", "Line 2:", "Line 3:", "Line 4:"]);
  });
});
