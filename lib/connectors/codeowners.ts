// CODEOWNERS (GitHub/GitLab syntax): the last matching pattern decides a file's owners.
import { readFileSync } from "node:fs";
import path from "node:path";

export const CODEOWNERS_PATHS = ["CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"];

type TRule = { re: RegExp; owners: string[] };

function patternRegex(p: string): RegExp {
  let pat = p;
  const anchored = pat.startsWith("/") || pat.slice(0, -1).includes("/");
  pat = pat.replace(/^\//, "");
  const dir = pat.endsWith("/");
  if (dir) pat = pat.slice(0, -1);
  const src = pat
    .split("**")
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]"))
    .join(".*");
  // A pattern matches the path itself or anything below it.
  return new RegExp(`${anchored ? "^" : "(?:^|/)"}${src}(?:/.*)?$`);
}

export function parseCodeowners(text: string): TRule[] {
  const rules: TRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s#.*$/, "").trim();
    if (!line || line.startsWith("#") || line.startsWith("[")) continue;
    const [pattern, ...owners] = line.split(/\s+/);
    if (!pattern) continue;
    rules.push({ re: patternRegex(pattern), owners });
  }
  return rules;
}

export type TCodeowners = (file: string) => string[];

export function codeownersMatcher(text: string | null): TCodeowners {
  if (!text) return () => [];
  const rules = parseCodeowners(text);
  return (file) => {
    const f = file.replace(/^\/+/, "");
    for (let i = rules.length - 1; i >= 0; i--) if (rules[i]!.re.test(f)) return rules[i]!.owners;
    return [];
  };
}

/** The CODEOWNERS file of a folder, if any. */
export function readCodeowners(root: string): string | null {
  for (const p of CODEOWNERS_PATHS) {
    try {
      // turbopackIgnore: a folder chosen at run time, not a build input (else the build traces the whole project).
      const file = path.join(/*turbopackIgnore: true*/ root, p);
      return readFileSync(/*turbopackIgnore: true*/ file, "utf8");
    } catch {
      // next candidate
    }
  }
  return null;
}
