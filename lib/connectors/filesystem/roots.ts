// Where the file-system connector may read: only under the folders KEYWARD_SCAN_ROOTS names
// (path-delimited), judged on real paths (symlinks and ".." resolved), and never Keyward's own
// data folder or key files. Without the setting, file-system scanning is off: a connector
// pointed at /etc or at the root key would otherwise read whatever the worker can.
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { dataDir, rootKeyFile } from "@/lib/crypto/root-key";

export const SCAN_ROOTS_ENV = "KEYWARD_SCAN_ROOTS";

/** The real path of `p`, or of its deepest existing ancestor joined with the rest (`p` may not exist yet). */
export function realOrIntended(p: string): string {
  const abs = path.resolve(p);
  let head = abs;
  const rest: string[] = [];
  while (!existsSync(head)) {
    const parent = path.dirname(head);
    if (parent === head) break;
    rest.unshift(path.basename(head));
    head = parent;
  }
  let real: string;
  try {
    real = realpathSync(head);
  } catch {
    real = head;
  }
  return path.join(real, ...rest);
}

const within = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

/** The allowed roots, as real paths. */
export function scanRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env[SCAN_ROOTS_ENV] ?? "")
    .split(path.delimiter)
    .map((r) => r.trim())
    .filter((r) => r && path.isAbsolute(r))
    .map(realOrIntended);
}

/** Keyward's own files: the data folder (keys, embedded PostgreSQL, mirrors) and key files kept elsewhere. */
export function protectedPaths(env: NodeJS.ProcessEnv = process.env): string[] {
  const out = [dataDir(), rootKeyFile()];
  if (env.KEYWARD_FINGERPRINT_KEY_FILE) out.push(env.KEYWARD_FINGERPRINT_KEY_FILE);
  return out.map(realOrIntended);
}

/**
 * Why the connector may not read `p` (a configured path, or a file found under one), or null
 * when it may. `p` must be absolute and free of ".." segments; it is judged by its real path.
 */
export function scanPathRefusal(p: string, env: NodeJS.ProcessEnv = process.env): string | null {
  return scanPathChecker(env)(p);
}

/**
 * scanPathRefusal with the roots and protected paths resolved once, for checking many files.
 * `isReal`: `p` is already a realpathSync result, so it is not resolved again.
 */
export function scanPathChecker(env: NodeJS.ProcessEnv = process.env): (p: string, isReal?: boolean) => string | null {
  const roots = scanRoots(env);
  const protectedReal = protectedPaths(env);
  return (p, isReal = false) => {
    if (roots.length === 0)
      return `File-system scanning is off on this server: set ${SCAN_ROOTS_ENV} to the folders connectors may read (separated by "${path.delimiter}").`;
    if (!path.isAbsolute(p)) return "Use an absolute path.";
    if (p.split(/[\\/]+/).includes("..")) return 'A path may not contain "..".';
    const real = isReal ? p : realOrIntended(p);
    if (protectedReal.some((k) => within(real, k))) return "Keyward's own data folder and key files are never scanned.";
    if (!roots.some((r) => within(real, r))) return `Outside the folders this server may scan (${SCAN_ROOTS_ENV}: ${roots.join(path.delimiter)}).`;
    return null;
  };
}
