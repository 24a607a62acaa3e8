// Path patterns and policy evaluation: deny by default, deny wins. Pure functions, so the
// simulator and the request path decide the same way.
//
// Patterns are paths of segments separated by "/": "+" matches exactly one segment, and a "*"
// at the very end matches any rest (including further segments), as in Vault policies.
// "prod/payments/*" covers "prod/payments/api/stripe-key"; "+/payments/+/db-password" covers
// every environment and application of the payments team.

export const capabilities = ["read", "list", "create", "update", "delete"] as const;
export type TCapability = (typeof capabilities)[number];

export type TRule = { path: string; capabilities: TCapability[]; effect: "allow" | "deny" };

/** Where a rule came from, for "which rule decides". */
export type TRuleSource =
  | { kind: "policy"; policyId: string; policyName: string; ruleIndex: number; attachedTo: "identity" | "team" }
  | { kind: "grant"; grantId: string; expiresAt: Date | null };

export type TSourcedRule = TRule & { source: TRuleSource };

export type TDecision = {
  allowed: boolean;
  /** The rule that decided; null when nothing matched (deny by default). */
  decidedBy: TSourcedRule | null;
  reason: string;
  matched: TSourcedRule[];
};

const SEGMENT = /^[A-Za-z0-9._@-]+$/;

/** A concrete secret path: segments of letters, digits and ._@- ; no empty or dot segments. */
export function isValidPath(path: string): boolean {
  if (!path || path.length > 512) return false;
  return path.split("/").every((s) => SEGMENT.test(s) && s !== "." && s !== "..");
}

export function isValidPattern(pattern: string): boolean {
  if (!pattern || pattern.length > 512) return false;
  if (pattern === "*") return true;
  const segs = pattern.split("/");
  return segs.every((s, i) => {
    if (s === "+") return true;
    const last = i === segs.length - 1;
    const body = last && s.endsWith("*") ? s.slice(0, -1) : s;
    if (last && body === "" && s === "*") return true;
    return SEGMENT.test(body) && !body.includes("*");
  });
}

const regexCache = new Map<string, RegExp>();

export function patternRegex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (re) return re;
  const segs = pattern.split("/");
  const parts = segs.map((s, i) => {
    if (s === "+") return "[^/]+";
    if (i === segs.length - 1 && s.endsWith("*")) return s.slice(0, -1).replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ".*";
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  });
  re = new RegExp("^" + parts.join("/") + "$");
  if (regexCache.size > 5000) regexCache.clear();
  regexCache.set(pattern, re);
  return re;
}

export function matches(pattern: string, path: string): boolean {
  return patternRegex(pattern).test(path);
}

/** Higher is more specific: literal characters count, wildcards do not. */
export function specificity(pattern: string): number {
  return pattern.split("/").reduce((n, s) => n + (s === "+" ? 0 : s.replace(/\*$/, "").length + 1), 0) - (pattern.endsWith("*") ? 0.5 : 0);
}

export function evaluate(rules: TSourcedRule[], path: string, capability: TCapability): TDecision {
  const matched = rules.filter((r) => r.capabilities.includes(capability) && matches(r.path, path));
  const denies = matched.filter((r) => r.effect === "deny");
  if (denies.length) {
    const d = [...denies].sort((a, b) => specificity(b.path) - specificity(a.path))[0];
    return { allowed: false, decidedBy: d, reason: `denied by ${describeSource(d)} (${d.path})`, matched };
  }
  const allows = matched.filter((r) => r.effect === "allow");
  if (allows.length) {
    const a = [...allows].sort((x, y) => specificity(y.path) - specificity(x.path))[0];
    return { allowed: true, decidedBy: a, reason: `allowed by ${describeSource(a)} (${a.path})`, matched };
  }
  return { allowed: false, decidedBy: null, reason: `no rule allows "${capability}" on ${path} (deny by default)`, matched };
}

export function describeSource(r: TSourcedRule): string {
  return r.source.kind === "policy"
    ? `policy "${r.source.policyName}" rule ${r.source.ruleIndex + 1} (attached to ${r.source.attachedTo})`
    : `grant ${r.source.grantId}`;
}

/**
 * The console's rule syntax, one rule a line: `allow read,list prod/payments/*` or
 * `deny read +/+/+/db-password`; blank lines and `#` comments are ignored. Returns the rules
 * and, per bad line, a message (the zod schema still validates the result).
 */
export function parseRuleLines(text: string): { rules: TRule[]; errors: string[] } {
  const rules: TRule[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) return;
    const [effect, caps, path, ...rest] = line.split(/\s+/);
    const n = i + 1;
    if (effect !== "allow" && effect !== "deny") return void errors.push(`Line ${n}: start with "allow" or "deny".`);
    if (!caps || !path || rest.length) return void errors.push(`Line ${n}: write "${effect} <capabilities> <path pattern>".`);
    const list = caps.split(",").filter(Boolean);
    const unknown = list.filter((c) => !(capabilities as readonly string[]).includes(c));
    if (unknown.length || !list.length) return void errors.push(`Line ${n}: unknown capability ${unknown.join(", ") || "(none)"}; use ${capabilities.join(", ")}.`);
    if (!isValidPattern(path)) return void errors.push(`Line ${n}: "${path}" is not a path pattern (segments, "+" for one segment, a final "*").`);
    rules.push({ effect, capabilities: [...new Set(list)] as TCapability[], path });
  });
  return { rules, errors };
}

export function formatRules(rules: TRule[]): string {
  return rules.map((r) => `${r.effect ?? "allow"} ${r.capabilities.join(",")} ${r.path}`).join("\n");
}
