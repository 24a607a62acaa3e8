import "server-only";
import path from "node:path";
import { dataDir } from "@/lib/crypto/root-key";
import { fingerprintSecret } from "@/lib/scanner/engine";
import { loadFingerprintKey } from "@/lib/scanner/fingerprint";

// The server's fingerprint key: the scanner's HMAC scheme, one key for the web and worker
// processes (KEYWARD_FINGERPRINT_KEY, else <data dir>/keys/fingerprint.key, created once).
// Findings from discovery runs and the fingerprints of stored values use it, so a leaked value
// is recognised without decrypting anything.

let cached: Buffer | undefined;

export function serverFingerprintKey(): Buffer {
  return (cached ??= loadFingerprintKey({
    ...process.env,
    KEYWARD_FINGERPRINT_KEY_FILE: process.env.KEYWARD_FINGERPRINT_KEY_FILE ?? path.join(dataDir(), "keys", "fingerprint.key"),
  }));
}

/**
 * Fingerprints of a stored version's values (each value, and its trimmed form when that
 * differs), computed at write time. A scanner match is the secret itself, so a value stored
 * as-is gives the same fingerprint as the leaked copy.
 */
export function fingerprintStoredValues(data: Record<string, string>, key: Buffer = serverFingerprintKey()): string[] {
  const out = new Set<string>();
  for (const v of Object.values(data)) {
    if (typeof v !== "string" || v.length === 0) continue;
    out.add(fingerprintSecret(key, v));
    const t = v.trim();
    if (t && t !== v) out.add(fingerprintSecret(key, t));
  }
  return [...out];
}
