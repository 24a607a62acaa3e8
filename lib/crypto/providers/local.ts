import { hkdfSync } from "node:crypto";
import { openWithKey, sealWithKey } from "../envelope";
import type { KeyProvider } from "../key-provider";

const NONCE = 12;

/**
 * KEKs derived from one 256-bit root key with HKDF-SHA256, one per key version, so a new
 * version needs no storage and a restore needs only the root key. Wrapping is AES-256-GCM:
 * nonce || ciphertext || tag.
 */
export class LocalKeyProvider implements KeyProvider {
  readonly kind = "local";
  private keks = new Map<string, Buffer>();

  /** `rootKey` is a function so a sealed server can refuse until it is unsealed. */
  constructor(private readonly rootKey: () => Buffer) {}

  async createKey(number: number): Promise<string> {
    return `local:${number}`;
  }

  private kek(keyRef: string): Buffer {
    const cached = this.keks.get(keyRef);
    if (cached) return cached;
    if (!/^local:\d+$/.test(keyRef)) throw new Error(`not a local key reference: ${keyRef}`);
    const root = this.rootKey();
    const kek = Buffer.from(hkdfSync("sha256", root, Buffer.from("keyward-kek"), Buffer.from(keyRef), 32));
    this.keks.set(keyRef, kek);
    return kek;
  }

  /** Forget derived keys (on seal). */
  clear() {
    for (const k of this.keks.values()) k.fill(0);
    this.keks.clear();
  }

  async wrap(dataKey: Buffer, keyRef: string, aad: Buffer): Promise<Buffer> {
    const { ciphertext, nonce } = sealWithKey(this.kek(keyRef), dataKey, aad);
    return Buffer.concat([nonce, ciphertext]);
  }

  async unwrap(wrapped: Buffer, keyRef: string, aad: Buffer): Promise<Buffer> {
    return openWithKey(this.kek(keyRef), wrapped.subarray(NONCE), wrapped.subarray(0, NONCE), aad);
  }
}
