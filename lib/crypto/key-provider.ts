// A key provider holds key-encryption keys (KEKs) and wraps/unwraps data keys with them.
// Keyward never sees a KEK of the PKCS#11 or KMS providers; the local provider derives its
// KEKs from a root key that lives outside the database.

export interface KeyProvider {
  /** "local" | "pkcs11" | "kms": stored with each KEK version. */
  readonly kind: string;
  /**
   * Makes a new KEK version and returns its reference (what wrap/unwrap take). `number` is
   * the Keyward key version number, unique and increasing.
   */
  createKey(number: number): Promise<string>;
  /** Wraps a data key under the KEK `keyRef`; `aad` binds the wrap to one secret version. */
  wrap(dataKey: Buffer, keyRef: string, aad: Buffer): Promise<Buffer>;
  /** Throws when the wrapped key was altered, moved to another binding, or the KEK is wrong. */
  unwrap(wrapped: Buffer, keyRef: string, aad: Buffer): Promise<Buffer>;
  /** Releases handles (HSM sessions); optional. */
  close?(): Promise<void>;
}

/** A fixed plaintext wrapped under each KEK version at creation, to check the keys are right. */
export const KEY_CHECK_PLAINTEXT = Buffer.from("keyward key check v1", "utf8");
export const KEY_CHECK_AAD = Buffer.from("keyward/key-check/v1", "utf8");

export async function makeKeyCheck(provider: KeyProvider, keyRef: string): Promise<Buffer> {
  return provider.wrap(KEY_CHECK_PLAINTEXT, keyRef, KEY_CHECK_AAD);
}

export async function verifyKeyCheck(provider: KeyProvider, keyRef: string, check: Buffer): Promise<boolean> {
  try {
    const out = await provider.unwrap(check, keyRef, KEY_CHECK_AAD);
    return out.equals(KEY_CHECK_PLAINTEXT);
  } catch {
    return false;
  }
}
