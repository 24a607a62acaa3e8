// Finds every API route file and every server-action module, so tests can insist that each
// one is covered (a new route or action without an entry fails them).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "..");
const apiRoot = path.join(repoRoot, "app/api/v1");

function walk(dir: string, match: (name: string) => boolean, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, match, out);
    else if (match(name)) out.push(full);
  }
  return out;
}

export type TRouteFile = { file: string; path: string; methods: string[] };

/** Route files under app/api/v1 as OpenAPI-style paths ("/api/v1/teams/{id}") and their methods. */
export function routeFiles(): TRouteFile[] {
  return walk(apiRoot, (n) => /^route\.(ts|tsx|js)$/.test(n)).map((full) => {
    const rel = path.relative(apiRoot, path.dirname(full)).split(path.sep).filter(Boolean);
    const src = readFileSync(full, "utf8");
    const methods = [...src.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
    return { file: full, path: "/api/v1" + rel.map((s) => "/" + s.replace(/^\[(\w+)\]$/, "{$1}")).join(""), methods: [...new Set(methods)] };
  });
}

/** Every app/**\/actions.ts with its exported server actions, keyed "dir#name" (dir relative to app/). */
export function serverActions(): Array<{ file: string; key: string; name: string }> {
  return walk(path.join(repoRoot, "app"), (n) => n === "actions.ts").flatMap((full) => {
    const dir = path.relative(path.join(repoRoot, "app"), path.dirname(full)).split(path.sep).join("/");
    const src = readFileSync(full, "utf8");
    return [...src.matchAll(/export\s+async\s+function\s+(\w+)/g)].map((m) => ({ file: full, key: `${dir}#${m[1]}`, name: m[1] }));
  });
}
