// Where the fingerprint key comes from. The same key must be used wherever fingerprints are
// compared (baselines, the findings table, matching against stored secrets).

import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * KEYWARD_FINGERPRINT_KEY (the key itself), else KEYWARD_FINGERPRINT_KEY_FILE, else
 * ~/.config/keyward/fingerprint.key, created with 32 random bytes on first use (mode 0600).
 * CI pipelines sharing a baseline should set KEYWARD_FINGERPRINT_KEY to the same value.
 */
export function loadFingerprintKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  if (env.KEYWARD_FINGERPRINT_KEY) return Buffer.from(env.KEYWARD_FINGERPRINT_KEY, "utf8");
  const file =
    env.KEYWARD_FINGERPRINT_KEY_FILE ??
    path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), ".config"), "keyward", "fingerprint.key");
  // turbopackIgnore: a run-time key file, not a build input (else the build traces the whole project).
  if (existsSync(/*turbopackIgnore: true*/ file)) return Buffer.from(readFileSync(/*turbopackIgnore: true*/ file, "utf8").trim(), "hex");
  const key = randomBytes(32);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    // "wx": when two processes (web and worker) create it at once, the second reads the first's.
    writeFileSync(file, key.toString("hex") + "\n", { mode: 0o600, flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    return Buffer.from(readFileSync(/*turbopackIgnore: true*/ file, "utf8").trim(), "hex");
  }
  chmodSync(file, 0o600);
  return key;
}
