import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

export const ROOT_KEY_BYTES = 32;

export function dataDir(): string {
  // turbopackIgnore: as below, a run-time folder.
  return path.resolve(/*turbopackIgnore: true*/ process.env.KEYWARD_DATA_DIR ?? ".data");
}

export function rootKeyFile(): string {
  return process.env.KEYWARD_ROOT_KEY_FILE ?? path.join(dataDir(), "keys", "root.key");
}

/** Accepts 64 hex characters or base64/base64url of 32 bytes. */
export function decodeRootKey(text: string): Buffer {
  const t = text.trim();
  const buf = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : Buffer.from(t, "base64");
  if (buf.length !== ROOT_KEY_BYTES) throw new Error("The root key must be 32 bytes (64 hex characters or base64).");
  return buf;
}

export function encodeRootKey(key: Buffer): string {
  return key.toString("base64");
}

/**
 * The local root key: KEYWARD_ROOT_KEY, else the key file. With `create` a missing file is
 * generated (mode 0600, folder 0700). The file lives under .data/, which git ignores.
 */
export function loadLocalRootKey(opts: { create?: boolean } = {}): Buffer {
  const fromEnv = process.env.KEYWARD_ROOT_KEY;
  if (fromEnv) return decodeRootKey(fromEnv);
  const file = rootKeyFile();
  // turbopackIgnore: a run-time path, not a build input (else the build traces the whole project).
  if (existsSync(/*turbopackIgnore: true*/ file)) {
    const mode = statSync(/*turbopackIgnore: true*/ file).mode & 0o777;
    if (mode & 0o077) throw new Error(`${file} is readable by others (mode ${mode.toString(8)}): chmod 600 it.`);
    return decodeRootKey(readFileSync(/*turbopackIgnore: true*/ file, "utf8"));
  }
  if (!opts.create) {
    throw new Error(`No root key: set KEYWARD_ROOT_KEY or run the set-up command to create ${file}.`);
  }
  try {
    return createRootKeyFile(file);
  } catch (e) {
    // Another process created it first: use theirs.
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return decodeRootKey(readFileSync(/*turbopackIgnore: true*/ file, "utf8"));
    throw e;
  }
}

export function createRootKeyFile(file = rootKeyFile()): Buffer {
  mkdirSync(/*turbopackIgnore: true*/ path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(ROOT_KEY_BYTES);
  // wx: never overwrite an existing key (that would make every stored value unreadable).
  writeFileSync(/*turbopackIgnore: true*/ file, encodeRootKey(key) + "\n", { mode: 0o600, flag: "wx" });
  chmodSync(/*turbopackIgnore: true*/ file, 0o600);
  return key;
}
