import { combine, split } from "shamir-secret-sharing";

// Sealed mode: the root key is split into n shares of which any k rebuild it (Shamir over
// GF(256), Privy's audited implementation). Shares are shown once to their holders.

export type TShare = string; // "kwshare-v1:<base64>"
const PREFIX = "kwshare-v1:";

export async function splitSecret(secret: Buffer, shares: number, threshold: number): Promise<TShare[]> {
  if (!Number.isInteger(shares) || !Number.isInteger(threshold) || threshold < 2 || shares < threshold || shares > 255) {
    throw new Error("Use 2 <= threshold <= shares <= 255.");
  }
  const parts = await split(new Uint8Array(secret), shares, threshold);
  return parts.map((p) => PREFIX + Buffer.from(p).toString("base64"));
}

export function decodeShare(share: string): Uint8Array {
  const t = share.trim();
  if (!t.startsWith(PREFIX)) throw new Error("Not a Keyward unseal share.");
  const bytes = Buffer.from(t.slice(PREFIX.length), "base64");
  if (bytes.length < 2) throw new Error("The share is too short.");
  return new Uint8Array(bytes);
}

/** Rebuilds the secret; with too few or wrong shares the result is garbage, so callers verify it. */
export async function combineShares(shares: string[]): Promise<Buffer> {
  const decoded = shares.map(decodeShare);
  const len = decoded[0].length;
  if (decoded.some((d) => d.length !== len)) throw new Error("The shares do not belong together (different lengths).");
  const ids = new Set(decoded.map((d) => d[d.length - 1]));
  if (ids.size !== decoded.length) throw new Error("The same share was given twice.");
  return Buffer.from(await combine(decoded));
}
