import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { KeyProvider } from "./key-provider";

// Envelope encryption of secret versions: each version gets its own random 256-bit data key
// (AES-256-GCM, random 96-bit nonce); the data key is wrapped by a key-encryption key held by
// a KeyProvider. The additional authenticated data names the secret and version, so a
// ciphertext (or a wrapped key) copied onto another row fails authentication.

export const DATA_KEY_BYTES = 32;
export const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export type TEnvelope = {
  ciphertext: Buffer; // AES-GCM output followed by its 16-byte tag
  nonce: Buffer;
  wrappedKey: Buffer;
  keyRef: string; // the KEK version that wrapped the data key
};

export type TBinding = { secretId: string; version: number };

/** Thrown when a stored version cannot be decrypted: tampered, moved, or the wrong key. */
export class DecryptionError extends Error {
  constructor(
    readonly reason: "wrapped_key" | "ciphertext" | "destroyed",
    message: string,
  ) {
    super(message);
    this.name = "DecryptionError";
  }
}

export function aadFor({ secretId, version }: TBinding): Buffer {
  if (!secretId || !Number.isInteger(version) || version < 1) throw new Error("aadFor: bad binding");
  return Buffer.from(`keyward/secret-version/v1|${secretId}|${version}`, "utf8");
}

export function sealWithKey(key: Buffer, plaintext: Buffer, aad: Buffer, nonce = randomBytes(NONCE_BYTES)) {
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { ciphertext, nonce };
}

/** Throws (Node's "Unsupported state or unable to authenticate data") when anything was altered. */
export function openWithKey(key: Buffer, ciphertext: Buffer, nonce: Buffer, aad: Buffer): Buffer {
  if (ciphertext.length < TAG_BYTES || nonce.length !== NONCE_BYTES) throw new Error("malformed ciphertext");
  const decipher = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG_BYTES));
  return Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - TAG_BYTES)), decipher.final()]);
}

export async function encryptValue(provider: KeyProvider, keyRef: string, binding: TBinding, plaintext: Buffer): Promise<TEnvelope> {
  const aad = aadFor(binding);
  const dataKey = randomBytes(DATA_KEY_BYTES);
  try {
    const { ciphertext, nonce } = sealWithKey(dataKey, plaintext, aad);
    const wrappedKey = await provider.wrap(dataKey, keyRef, aad);
    return { ciphertext, nonce, wrappedKey, keyRef };
  } finally {
    dataKey.fill(0);
  }
}

export async function decryptValue(
  provider: KeyProvider,
  binding: TBinding,
  stored: { ciphertext: Buffer | null; nonce: Buffer | null; wrappedKey: Buffer | null; keyRef: string },
): Promise<Buffer> {
  if (!stored.ciphertext || !stored.nonce || !stored.wrappedKey) {
    throw new DecryptionError("destroyed", "This version was destroyed: its data key no longer exists.");
  }
  const aad = aadFor(binding);
  let dataKey: Buffer;
  try {
    dataKey = await provider.unwrap(stored.wrappedKey, stored.keyRef, aad);
  } catch {
    throw new DecryptionError(
      "wrapped_key",
      `The data key of secret ${binding.secretId} version ${binding.version} does not unwrap: it was altered, copied from another version, or the key-encryption key is wrong.`,
    );
  }
  try {
    return openWithKey(dataKey, stored.ciphertext, stored.nonce, aad);
  } catch {
    throw new DecryptionError(
      "ciphertext",
      `The ciphertext of secret ${binding.secretId} version ${binding.version} failed authentication: it was altered or copied from another version.`,
    );
  } finally {
    dataKey.fill(0);
  }
}

/** Re-wraps a data key under another KEK version without ever decrypting the value. */
export async function rewrapKey(provider: KeyProvider, binding: TBinding, wrappedKey: Buffer, fromRef: string, toRef: string): Promise<Buffer> {
  const aad = aadFor(binding);
  const dataKey = await provider.unwrap(wrappedKey, fromRef, aad);
  try {
    return await provider.wrap(dataKey, toRef, aad);
  } finally {
    dataKey.fill(0);
  }
}
