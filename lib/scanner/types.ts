// Scanner types. The scanner never keeps a raw match: a finding carries only a keyed
// fingerprint and a redacted preview of the secret.

export type TSeverity = "critical" | "high" | "medium" | "low";

export type TRuleExample = string | { text: string; path: string };

export type TRuleAllowlist = {
  /** The secret is ignored when one of these matches it. */
  regexes?: RegExp[];
  /** The secret is ignored when it contains one of these (lowercase). */
  stopwords?: string[];
  /** Files whose path matches are not scanned by this rule. */
  paths?: RegExp[];
};

type TRuleBase = {
  id: string;
  description: string;
  severity: TSeverity;
  /** Inventory secret type this rule finds (aws-access-key, private-key, password, ...). */
  secretType: string;
  /** Lowercase literals; the rule runs only on text containing one of them. Empty: path rules only. */
  keywords: string[];
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number;
  allowlist?: TRuleAllowlist;
  /** Only files whose path matches are scanned by this rule. */
  path?: RegExp;
  /** Only text matching this (anywhere in the file) is scanned by this rule. */
  requires?: RegExp;
  /** Text matching this (anywhere in the file) is not scanned by this rule: a context that makes the match public. */
  unless?: RegExp;
  /** Also drop generic placeholder values (changeme, password, example, ...) for this rule. */
  placeholders?: boolean;
  /** Extra check on the secret (e.g. decode and look inside). */
  validate?: (secret: string) => boolean;
  examples: { tp: TRuleExample[]; fp: TRuleExample[] };
};

export type TRegexRule = TRuleBase & {
  kind: "regex";
  /** The secret is the named group `secret`, else group 1, else the whole match. */
  regex: RegExp;
};

/** `name = value` style assignments where `name` mentions a secret word (generic rules). */
export type TAssignmentRule = TRuleBase & {
  kind: "assignment";
  /** Lowercase fragments that make an identifier secret-looking. */
  names: string[];
  /** Identifiers ending in one of these are never secrets (ids, names, paths, ...). */
  nameStopSuffixes: string[];
  /** Identifiers containing one of these parts are never secrets (csrf, public, ...). */
  nameStopParts: string[];
  minLength: number;
  maxLength: number;
};

/** Files that are secrets by their name alone (keystores). */
export type TPathRule = TRuleBase & { kind: "path"; pathRegex: RegExp };

export type TRule = TRegexRule | TAssignmentRule | TPathRule;

export type TFinding = {
  ruleId: string;
  description: string;
  severity: TSeverity;
  secretType: string;
  file: string;
  line: number;
  column: number;
  /** HMAC-SHA256 of the secret, hex; the same secret always gives the same fingerprint. */
  fingerprint: string;
  /** First characters of the secret followed by "…". */
  preview: string;
  commit?: string;
  author?: string;
  email?: string;
  date?: string;
};
