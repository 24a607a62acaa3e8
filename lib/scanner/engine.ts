// The detection engine: one keyword pass per text (case-folded on the fly, over the raw bytes
// when scanning a file) selects the rules worth running, then each selected rule runs once over
// the whole text. A file without any keyword is never decoded. Findings never hold the raw secret.

import { isAscii } from "node:buffer";
import { createHmac } from "node:crypto";
import { INLINE_ALLOW, isPlaceholder, isStrongPlaceholder, TIME_UUID } from "./allowlist";
import { shannonEntropy } from "./entropy";
import { PASSWORD_NAME_PARTS, PROVIDER_NAME_PARTS, RULES, SECRET_NAME_PARTS } from "./rules";
import type { TAssignmentRule, TFinding, TPathRule, TRegexRule, TRule } from "./types";

export type TScannerOptions = {
  /** Key for the HMAC fingerprints (see fingerprint.ts for where it comes from). */
  fingerprintKey: string | Buffer;
  rules?: TRule[];
};

type THit = { rule: TRule; start: number; secret: string };
type TPrefilter = { found: Uint8Array; namePositions: number[] };

/** Any UTF-16 code unit to its lowercase ASCII code; non-ASCII to 0 (no keyword holds 0). */
const LOWER = new Uint8Array(65536);
for (let c = 1; c < 128; c++) LOWER[c] = c >= 65 && c <= 90 ? c + 32 : c;

type TCompiled = {
  rule: TRegexRule;
  re: RegExp;
  group: "secret" | 1 | 0;
};

const ALLOW_FILE = "keyward:allow-file";
const CODE_EXT = /\.(?:[cm]?[jt]sx?|py|rb|go|java|kts?|scala|cs|php|rs|swift|c|cc|cpp|cxx|h|hh|hpp|m|mm|dart|lua|groovy|pl|pm|r|jl|ex|exs|erl|clj|cljs|fs|vb|vue|svelte|ps1|psm1|ino)$/i;

export function redactPreview(secret: string): string {
  // First 4 characters as the design says; fewer for short secrets so a preview never
  // gives away most of a short password.
  const n = secret.length >= 16 ? 4 : Math.max(1, Math.min(4, Math.floor(secret.length / 4)));
  return secret.slice(0, n) + "…";
}

export function fingerprintSecret(key: string | Buffer, secret: string): string {
  return createHmac("sha256", key).update(secret, "utf8").digest("hex");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Splits an identifier into lowercase parts: snake, kebab, dotted and camelCase. */
export function identifierParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[\s._\-[\]'"]+/)
    .filter(Boolean);
}

/** "settings.title_404", "auth-mode", "myValue2": made of words, not random characters. */
function looksLikeWords(v: string): boolean {
  const segs = v.split(/[._\-/:@+,]+/).filter(Boolean);
  return segs.length > 0 && segs.every((s) => /^[A-Z]*(?:[A-Z]?[a-z]+)+\d{0,4}$|^[A-Z]+\d{0,4}$|^\d{1,12}$/.test(s));
}

const CSV_PATH = /\.(?:csv|tsv)$/i;

/** The cells of one CSV line with their offsets ("quoted, cells" with "" escapes; no line breaks inside). */
function splitCsvLine(line: string, sep: string): { value: string; start: number }[] {
  const cells: { value: string; start: number }[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let j = i + 1;
      let value = "";
      while (j < line.length) {
        if (line[j] === '"' && line[j + 1] === '"') (value += '"'), (j += 2);
        else if (line[j] === '"') break;
        else value += line[j++];
      }
      cells.push({ value, start: i + 1 });
      const next = line.indexOf(sep, j);
      i = next < 0 ? line.length + 1 : next + 1;
    } else {
      const next = line.indexOf(sep, i);
      const end = next < 0 ? line.length : next;
      cells.push({ value: line.slice(i, end), start: i });
      i = end + 1;
    }
  }
  return cells;
}

/** Whether the name at `at` sits in an "arn:..." or "urn:..." token. */
function isArnSegment(text: string, at: number): boolean {
  let t = at;
  while (t > 0 && t > at - 300 && !/[\s"'`=,(]/.test(text[t - 1]!)) t--;
  const head = text.slice(t, t + 4).toLowerCase();
  return head === "arn:" || head === "urn:";
}

/** [A-Za-z0-9_.-] */
function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}
// operators: = : := => ... and a fallback literal (process.env.TOKEN ?? "…", || "…")
const OP_RE =
  /(?:["'`]\]?|\[?\])?[ \t]*(?::[ \t]*(?:&(?:'\w+[ \t]+)?)?[A-Za-z_[][\w.<>[\]|]*[ \t]*(?==[^=>])|[ \t]+[A-Za-z_][\w.*[\]]*[ \t]*(?==[^=>]))?(:::=|::=|:=|\?=|\.=|\|\|=|=>|=(?![=~>])|:(?![:=/\\])|,(?=[ \t]*["'`])|(?:\?\?|\|\|)(?=[ \t]*["'`]))[ \t]*/y;
// "&" ends a value as in a query string or form body (password=…&scope=openid)
const UNQUOTED_RE = /[^\s'"`,;(){}[\]<>\\|&]+/y;
/** A literal wrapped in a conversion or a list: []byte("..."), Buffer.from("..."), Python's b"...", ["..."]. */
const WRAPPER_RE = /(?:\[\]byte\(|Buffer\.from\(|(?:new\s+)?String\(|String::from\(|SecretStr\(|[bB](?=["'])|\[[ \t]*(?=["']))/y;

export class Scanner {
  private readonly key: string | Buffer;
  private readonly rules: TRule[];
  private readonly compiled = new Map<string, TCompiled>();
  /** Keyword indexes by their first three (lowercase ASCII) characters, c0 << 14 | c1 << 7 | c2, and a bitmap of those. */
  private readonly triTable = new Map<number, number[]>();
  /** Every case variant of those trigrams as raw 8-bit codes, c0 << 16 | c1 << 8 | c2: a 2 MB bitmap (shared). */
  private readonly triBits: Int32Array;
  private readonly keywords: string[];
  /** Per keyword: the generic (assignment) rule wants its positions. */
  private readonly isNameKeyword: Uint8Array;
  private readonly keywordRules: TRule[][];
  private readonly rulesByKeyword = new Map<string, TRule[]>();
  private readonly pathRules: TPathRule[];
  /** Rules whose outcome depends on the file's path. */
  private readonly pathTests: TRule[];
  private readonly assignment: TAssignmentRule[];
  private readonly stopSuffixes: Set<string>;
  private readonly stopParts: Set<string>;
  private readonly order = new Map<TRule, number>();
  private readonly tiers = new Map<string, "password" | "secret" | "provider" | null>();

  constructor(options: TScannerOptions) {
    this.key = options.fingerprintKey;
    this.rules = options.rules ?? RULES;
    this.rules.forEach((r, i) => this.order.set(r, i));
    for (const rule of this.rules) {
      for (const kw of rule.keywords) {
        const list = this.rulesByKeyword.get(kw) ?? [];
        list.push(rule);
        this.rulesByKeyword.set(kw, list);
      }
      if (rule.kind === "regex") {
        const flags = rule.regex.flags.replace(/[gy]/g, "") + "g";
        const src = rule.regex.source;
        const group = src.includes("(?<secret>") ? "secret" : /\((?!\?)/.test(src) ? 1 : 0;
        this.compiled.set(rule.id, { rule, re: new RegExp(src, flags), group });
      }
    }
    const keywords = [...this.rulesByKeyword.keys()].sort((a, b) => b.length - a.length);
    this.keywords = keywords;
    this.assignment = this.rules.filter((r): r is TAssignmentRule => r.kind === "assignment");
    const nameKeywords = new Set(this.assignment.flatMap((r) => r.keywords));
    this.isNameKeyword = Uint8Array.from(keywords, (kw) => (nameKeywords.has(kw) ? 1 : 0));
    this.keywordRules = keywords.map((kw) => this.rulesByKeyword.get(kw)!);
    keywords.forEach((kw, k) => {
      if (!/^[\x00-\x7f]{3,}$/.test(kw)) throw new Error(`keyword "${kw}": three ASCII characters at least`);
      const idx = (kw.charCodeAt(0) << 14) | (kw.charCodeAt(1) << 7) | kw.charCodeAt(2);
      const list = this.triTable.get(idx) ?? [];
      list.push(k);
      this.triTable.set(idx, list);
    });
    this.triBits = trigramBitmap(keywords);
    this.pathRules = this.rules.filter((r): r is TPathRule => r.kind === "path");
    this.pathTests = this.rules.filter((r) => r.path || r.allowlist?.paths?.length || r.kind === "path");
    this.stopSuffixes = new Set(this.assignment.flatMap((r) => r.nameStopSuffixes));
    this.stopParts = new Set(this.assignment.flatMap((r) => r.nameStopParts));
  }

  /**
   * What a path decides for a scan (rule path filters and allowlists, the code-file check, the
   * file-name rules) as a short key: the same content under two paths with the same profile gives
   * the same findings, so a history scan reuses them instead of scanning the blob again.
   */
  pathProfile(path: string): string {
    let key = CODE_EXT.test(path) ? "c" : "-";
    for (const rule of this.pathTests) {
      const on = (rule.path ? rule.path.test(path) : true) && !rule.allowlist?.paths?.some((re) => re.test(path));
      const name = rule.kind === "path" && rule.pathRegex.test(path);
      key += on ? (name ? "N" : "1") : "0";
    }
    return key;
  }

  /** Rules that fire on a file name alone (keystores). */
  scanPath(path: string): TFinding[] {
    const out: TFinding[] = [];
    for (const rule of this.pathRules) {
      if (rule.pathRegex.test(path) && !rule.allowlist?.paths?.some((re) => re.test(path))) {
        out.push(this.toFinding(rule, path, 1, 1, "path:" + path));
      }
    }
    return out;
  }

  /** Text goes through the byte pass too: one prefilter loop to keep fast (a separate string loop measured no faster). */
  scanText(text: string, path = "<text>"): TFinding[] {
    return this.scanBuffer(Buffer.from(text, "utf8"), path);
  }

  /**
   * A file's raw bytes. ASCII text (most source code) is prefiltered as bytes and decoded only
   * when a keyword is present; other text is decoded as UTF-8 first.
   */
  scanBuffer(buf: Uint8Array, path = "<text>"): TFinding[] {
    if (buf.length === 0) return this.scanPath(path);
    const pf = this.prefilterBytes(buf);
    if (!pf) return this.scanPath(path);
    const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.length);
    if (isAscii(b)) return this.runRules(pf, b.toString("latin1"), path, this.scanPath(path));
    // UTF-8: byte offsets become UTF-16 offsets; if the text does not line up (invalid UTF-8
    // replaced on decoding), the decoded text's own bytes are scanned instead
    const text = b.toString("utf8");
    const positions = utf16Offsets(b, pf.namePositions);
    for (let p = 0; p < positions.length; p++) {
      if (text.charCodeAt(positions[p]!) !== b[pf.namePositions[p]!]) {
        const valid = Buffer.from(text, "utf8");
        if (!valid.equals(b)) return this.scanBuffer(valid, path);
        break; // cannot happen for valid UTF-8; never loop
      }
    }
    return this.runRules({ found: pf.found, namePositions: positions }, text, path, this.scanPath(path));
  }

  /** The hot loop of a scan: found keyword indexes (a flag per keyword) and the generic rule's name positions (byte offsets); null: nothing found. */
  private prefilterBytes(buf: Uint8Array): TPrefilter | null {
    const bits = this.triBits;
    const low = LOWER;
    const n = buf.length;
    let found: Uint8Array | null = null;
    let namePositions: number[] | null = null;
    if (n < 3) return null;
    let idx = (buf[0]! << 8) | buf[1]!;
    for (let i = 2; i < n; i++) {
      idx = ((idx << 8) | buf[i]!) & 0xffffff;
      if ((bits[idx >> 5]! & (1 << (idx & 31))) === 0) continue;
      const at = i - 2;
      const list = this.triTable.get((low[buf[at]!]! << 14) | (low[buf[at + 1]!]! << 7) | low[buf[i]!]!);
      if (!list) continue;
      for (const k of list) {
        const kw = this.keywords[k]!;
        if (kw.length > 3) {
          if (at + kw.length > n) continue;
          let j = 3;
          while (j < kw.length && low[buf[at + j]!] === kw.charCodeAt(j)) j++;
          if (j < kw.length) continue;
        }
        if (this.isNameKeyword[k]) (namePositions ??= []).push(at);
        found ??= new Uint8Array(this.keywords.length);
        found[k] = 1;
      }
    }
    return found && { found, namePositions: namePositions ?? [] };
  }

  private runRules(pf: TPrefilter, text: string, path: string, findings: TFinding[]): TFinding[] {
    if (text.includes(ALLOW_FILE)) return findings;
    const active = new Set<TRule>();
    for (let k = 0; k < pf.found.length; k++) if (pf.found[k]) for (const r of this.keywordRules[k]!) active.add(r);
    const hits: THit[] = [];
    for (const rule of active) {
      if (rule.path && !rule.path.test(path)) continue;
      if (rule.allowlist?.paths?.some((re) => re.test(path))) continue;
      if (rule.requires && !rule.requires.test(text)) continue;
      if (rule.unless?.test(text)) continue;
      if (rule.kind === "regex") this.runRegex(this.compiled.get(rule.id)!, text, hits);
      else if (rule.kind === "assignment") this.runAssignment(rule, text, pf.namePositions, path, hits);
    }
    if (hits.length === 0) return findings;
    return findings.concat(this.toFindings(resolveOverlaps(hits, this.order), text, path));
  }

  private runRegex(c: TCompiled, text: string, hits: THit[]): void {
    const { re, rule } = c;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const secret = c.group === "secret" ? m.groups?.secret : m[c.group];
      if (!secret) continue;
      // the same user name and password: a default or demo account (postgres:postgres)
      if (m.groups?.user !== undefined && m.groups.user.toLowerCase() === secret.toLowerCase()) continue;
      const start = c.group === 0 ? m.index : m.index + m[0].indexOf(secret);
      if (this.accept(rule, secret, rule.placeholders === true)) hits.push({ rule, start, secret });
    }
  }

  private accept(rule: TRule, secret: string, generic: boolean): boolean {
    if (isStrongPlaceholder(secret)) return false;
    if (generic && isPlaceholder(secret)) return false;
    if (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy) return false;
    const al = rule.allowlist;
    if (al?.regexes?.some((re) => re.test(secret))) return false;
    if (al?.stopwords?.length) {
      const l = secret.toLowerCase();
      if (al.stopwords.some((w) => l.includes(w))) return false;
    }
    if (rule.validate && !rule.validate(secret)) return false;
    return true;
  }

  /** `name <op> value` where name looks like a secret's name. */
  private runAssignment(rule: TAssignmentRule, text: string, positions: number[], path: string, hits: THit[]): void {
    if (CSV_PATH.test(path)) return this.runCsv(rule, text, hits);
    const isCode = CODE_EXT.test(path);
    let done = -1; // end of the last identifier examined
    for (const pos of positions) {
      if (pos < done) continue;
      let s = pos;
      let e = pos + 2;
      const limit = Math.max(0, s - 100);
      while (s > limit && isIdentChar(text.charCodeAt(s - 1))) s--;
      while (s < e && !isIdentChar(text.charCodeAt(s))) s++; // a keyword's sigil ("$pat") is not part of the name
      while (e < text.length && e - s < 200 && isIdentChar(text.charCodeAt(e))) e++;
      done = e;
      const before = s > 0 ? text[s - 1]! : "";
      const xml = before === "<" && text[e] === ">";
      if (before === "<" && !xml) continue; // an element with attributes: <Impl plugin="...">
      let op: RegExpExecArray | null = null;
      if (!xml) {
        // cheapest test first: most names in code are not followed by an assignment
        OP_RE.lastIndex = e;
        op = OP_RE.exec(text);
        if (!op) continue;
      }
      let name = text.slice(s, e);
      // leading CLI dashes or dots are not part of the name
      const lead = /^[-.]+/.exec(name)?.[0].length ?? 0;
      name = name.slice(lead);
      if (name.length === 0 || name.length > 100) continue;
      const tier = this.nameTier(name);
      if (!tier) continue;

      let value: string | undefined;
      let valueStart = -1;
      let quoted = false;

      if (xml) {
        // <apiToken>value</apiToken>
        const close = text.indexOf("<", e + 1);
        if (close < 0 || close - e > rule.maxLength + 40 || text[close + 1] !== "/") continue;
        const raw = text.slice(e + 1, close);
        value = raw.trim();
        valueStart = e + 1 + raw.indexOf(value);
        quoted = true;
      } else {
        if (op![1] === "," && !/["'`]/.test(before)) continue;
        // a segment of an ARN or URN (arn:aws:secretsmanager:...:secret:name), not a name; a
        // namespaced key (Pulumi's aws:secretKey) still counts
        if (before === ":" && isArnSegment(text, s)) continue;
        let v = e + op![0].length;
        WRAPPER_RE.lastIndex = v;
        const wrapped = WRAPPER_RE.exec(text);
        if (wrapped) v += wrapped[0].length;
        let q = text[v];
        if (q === "\\" && text[v + 1] === '"') {
          v++;
          q = '"';
        }
        if (q === '"' || q === "'" || q === "`") {
          let end = v + 1;
          const max = Math.min(text.length, v + rule.maxLength + 2);
          while (end < max && text[end] !== q && text[end] !== "\n") end++;
          if (end >= max || text[end] !== q) continue;
          value = text.slice(v + 1, end);
          if (value.endsWith("\\")) value = value.slice(0, -1);
          valueStart = v + 1;
          quoted = true;
        } else {
          if (wrapped) continue; // []byte(os.Getenv("TOKEN")): a call, not a literal
          UNQUOTED_RE.lastIndex = v;
          const u = UNQUOTED_RE.exec(text);
          if (!u) continue;
          if (text[UNQUOTED_RE.lastIndex] === "(") continue; // a call, not a literal
          value = u[0];
          valueStart = v;
        }
      }
      if (value === undefined || valueStart < 0) continue;
      if (this.acceptGenericValue(rule, tier, name, value, quoted, isCode)) {
        hits.push({ rule, start: valueStart, secret: value });
      }
    }
  }

  /**
   * A spreadsheet export (a password list, a password manager's CSV): the header names the columns,
   * and every row's cell under a secret-named column (Password, API key) is a value to judge.
   */
  private runCsv(rule: TAssignmentRule, text: string, hits: THit[]): void {
    const headerEnd = text.indexOf("\n");
    if (headerEnd < 0) return;
    const header = text.slice(0, headerEnd).replace(/\r$/, "");
    const sep = header.includes("\t") ? "\t" : header.split(";").length > header.split(",").length ? ";" : ",";
    const names = splitCsvLine(header, sep).map((c) => c.value.trim());
    const columns: [number, "password" | "secret" | "provider"][] = [];
    names.forEach((n, i) => {
      const tier = this.nameTier(n.replace(/\s+/g, "_"));
      if (tier) columns.push([i, tier]);
    });
    if (columns.length === 0) return;
    for (let start = headerEnd + 1; start < text.length; ) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      const cells = splitCsvLine(text.slice(start, end).replace(/\r$/, ""), sep);
      for (const [i, tier] of columns) {
        const cell = cells[i];
        const value = cell?.value.trim();
        if (cell && value && this.acceptGenericValue(rule, tier, names[i]!, value, true, false)) {
          hits.push({ rule, start: start + cell.start + cell.value.indexOf(value), secret: value });
        }
      }
      start = end + 1;
    }
  }

  private nameTier(name: string): "password" | "secret" | "provider" | null {
    // the same names come back in file after file
    let tier = this.tiers.get(name);
    if (tier === undefined) {
      if (this.tiers.size >= 50_000) this.tiers.clear();
      this.tiers.set(name, (tier = this.computeNameTier(name)));
    }
    return tier;
  }

  private computeNameTier(name: string): "password" | "secret" | "provider" | null {
    const parts = identifierParts(name);
    if (parts.length === 0) return null;
    // a bare "key" names dictionary, cache, i18n and list keys far more often than credentials
    // (detect-secrets' keyword list leaves it out too); api_key, secretKey and the like still count
    // and a bare "salt" mostly a password hash's public salt; hash_salt, AUTH_SALT and the like are app secrets
    if (parts.length === 1 && (parts[0] === "key" || parts[0] === "salt")) return null;
    const last = parts[parts.length - 1]!;
    if (this.stopSuffixes.has(last)) return null;
    let tier: "password" | "secret" | "provider" | null = null;
    for (const p of parts) {
      if (this.stopParts.has(p)) return null;
    }
    for (const p of parts) {
      if (PASSWORD_NAME_PARTS.test(p)) return "password";
      if (SECRET_NAME_PARTS.test(p)) tier = "secret";
      else if (!tier && PROVIDER_NAME_PARTS.has(p)) tier = "provider";
    }
    return tier;
  }

  private acceptGenericValue(
    rule: TAssignmentRule,
    tier: "password" | "secret" | "provider",
    name: string,
    value: string,
    quoted: boolean,
    isCode: boolean,
  ): boolean {
    const min = tier === "password" ? 6 : tier === "provider" ? 16 : rule.minLength;
    if (value.length < min || value.length > rule.maxLength) return false;
    if (!quoted && isCode) return false;
    if (/\s/.test(value)) return false;
    // a variable, YAML anchor/alias/tag, comment or path; "%" only as %VAR% or %(name)s, which the
    // placeholder check knows (a generated password may start with it)
    if (value === "~" || /^[$@!&*#^?/]|^\.\.?\/|^ENC\[|^vault:|^arn:|^sha\d+:|^(?:env|secret|ref)\(|^[A-Z_]+:-?$/i.test(value)) return false;
    // public by design (Stripe and Mapbox publishable keys), or a Google API key, which its own rule judges
    if (/^(?:pk_(?:live|test)_|pk\.eyJ|AIza[\w-]{35}$)/.test(value)) return false;
    if (value.includes("://")) return false;
    if (value.includes("aws4_request")) return false; // a SigV4 credential scope (X-Amz-Credential=AKIA…/…/aws4_request)
    // ciphertext or a hash, not the secret: {cipher}… (Spring), {AQAAAB…} (Jenkins), {SSHA}… (LDAP),
    // $apr1$/$2y$/$6$ crypt hashes; {noop} is Spring's marker for a plaintext password
    if (/^\{(?!noop\})[\w+/=-]+\}/i.test(value) || /\$(?:apr1|2[aby]|[156])\$/.test(value)) return false;
    if (isPlaceholder(value)) return false;
    if (TIME_UUID.test(value)) return false;
    const lowerValue = value.toLowerCase();
    const norm = (x: string) => x.toLowerCase().replace(/[^a-z0-9]/g, "");
    if (norm(name).includes(norm(value)) || norm(value).includes(norm(name))) return false;
    if (lowerValue.includes("password") || lowerValue.includes("passwd")) return false;
    // dotted identifiers in code or config: config.apiKey, var.db_password, this.token
    if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return false;
    const h = shannonEntropy(value);
    if (tier === "password") {
      if (/^[a-z]+(?:[._-][a-z]+)+$/.test(value)) return false;
      if (!quoted && /^[A-Za-z_]+$/.test(value)) return false;
      return h >= 2.4;
    }
    if (looksLikeWords(value)) return false;
    if (!/\d/.test(value) && !(value.length >= 20 && /[A-Z]/.test(value) && /[a-z]/.test(value))) return false;
    if (/^\d+(?:\.\d+)*$/.test(value)) return false; // numbers, versions
    if (/^v?\d+\.\d+\.\d+/.test(value)) return false;
    if (/^#?[0-9a-f]{3,8}$/i.test(value) && value.length <= 8) return false;
    const threshold = tier === "provider" ? 3.5 : (rule.entropy ?? 3.0);
    return h >= threshold;
  }

  private toFindings(hits: THit[], text: string, path: string): TFinding[] {
    let lineStarts: number[] | null = null;
    const out: TFinding[] = [];
    for (const hit of hits) {
      lineStarts ??= computeLineStarts(text);
      const lineIdx = upperBound(lineStarts, hit.start) - 1;
      const ls = lineStarts[lineIdx]!;
      const le = lineIdx + 1 < lineStarts.length ? lineStarts[lineIdx + 1]! : text.length;
      if (text.slice(ls, le).includes(INLINE_ALLOW)) continue;
      out.push(this.toFinding(hit.rule, path, lineIdx + 1, hit.start - ls + 1, hit.secret));
    }
    return out;
  }

  private toFinding(rule: TRule, file: string, line: number, column: number, secret: string): TFinding {
    return {
      ruleId: rule.id,
      description: rule.description,
      severity: rule.severity,
      secretType: rule.secretType,
      file,
      line,
      column,
      fingerprint: fingerprintSecret(this.key, secret),
      preview: secret.startsWith("path:") ? "(file)" : redactPreview(secret),
    };
  }
}

/** UTF-16 offsets of ascending byte offsets into UTF-8 text. */
function utf16Offsets(buf: Uint8Array, byteOffsets: number[]): number[] {
  const out: number[] = [];
  let units = 0;
  let b = 0;
  for (const target of byteOffsets) {
    for (; b < target; b++) {
      const c = buf[b]!;
      if ((c & 0xc0) !== 0x80) units += c >= 0xf0 ? 2 : 1; // a lead byte; 4-byte sequences are surrogate pairs
    }
    out.push(units);
  }
  return out;
}

const BITMAPS = new Map<string, Int32Array>();

function trigramBitmap(keywords: string[]): Int32Array {
  const cacheKey = [...keywords].sort().join("\u0000");
  let bits = BITMAPS.get(cacheKey);
  if (bits) return bits;
  bits = new Int32Array((1 << 24) >> 5);
  const variants = (c: number) => (c >= 97 && c <= 122 ? [c, c - 32] : [c]);
  for (const kw of keywords) {
    for (const a of variants(kw.charCodeAt(0)))
      for (const b of variants(kw.charCodeAt(1)))
        for (const c of variants(kw.charCodeAt(2))) {
          const i = (a << 16) | (b << 8) | c;
          bits[i >> 5]! |= 1 << (i & 31);
        }
  }
  BITMAPS.set(cacheKey, bits);
  return bits;
}

/** Where hits overlap, the rule listed first wins (providers before structures before generic). */
function resolveOverlaps(hits: THit[], order: Map<TRule, number>): THit[] {
  const byPriority = [...hits].sort((a, b) => order.get(a.rule)! - order.get(b.rule)! || a.start - b.start);
  const kept: THit[] = [];
  for (const h of byPriority) {
    const end = h.start + h.secret.length;
    if (kept.some((k) => k.start < end && h.start < k.start + k.secret.length)) continue;
    kept.push(h);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function upperBound(arr: number[], x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
