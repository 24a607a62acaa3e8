import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DecryptionError, decryptValue, encryptValue, rewrapKey } from "./envelope";
import { makeKeyCheck, verifyKeyCheck } from "./key-provider";
import { LocalKeyProvider } from "./providers/local";
import { createRootKeyFile, loadLocalRootKey } from "./root-key";
import { combineShares, splitSecret } from "./shamir";

const root = randomBytes(32);
const provider = new LocalKeyProvider(() => root);
const id = "3f1c1d8e-0000-4000-8000-000000000001";

describe("envelope encryption", () => {
  it("round-trips and uses a fresh data key and nonce per version", async () => {
    const ref = await provider.createKey(1);
    const a = await encryptValue(provider, ref, { secretId: id, version: 1 }, Buffer.from("hunter2"));
    const b = await encryptValue(provider, ref, { secretId: id, version: 1 }, Buffer.from("hunter2"));
    expect(a.nonce).toHaveLength(12);
    expect(a.nonce.equals(b.nonce)).toBe(false);
    expect(a.wrappedKey.equals(b.wrappedKey)).toBe(false);
    expect(a.ciphertext.includes(Buffer.from("hunter2"))).toBe(false);
    expect((await decryptValue(provider, { secretId: id, version: 1 }, a)).toString()).toBe("hunter2");
  });

  it("refuses a ciphertext moved to another version or secret", async () => {
    const ref = await provider.createKey(1);
    const env = await encryptValue(provider, ref, { secretId: id, version: 1 }, Buffer.from("v1"));
    await expect(decryptValue(provider, { secretId: id, version: 2 }, env)).rejects.toThrow(DecryptionError);
    const other = "3f1c1d8e-0000-4000-8000-000000000002";
    await expect(decryptValue(provider, { secretId: other, version: 1 }, env)).rejects.toThrow(/does not unwrap/);
    // Even with the right wrapped key, a ciphertext from another version fails.
    const v2 = await encryptValue(provider, ref, { secretId: id, version: 2 }, Buffer.from("v2"));
    await expect(decryptValue(provider, { secretId: id, version: 2 }, { ...v2, ciphertext: env.ciphertext, nonce: env.nonce })).rejects.toThrow(
      /failed authentication/,
    );
  });

  it("detects a flipped byte anywhere", async () => {
    const ref = await provider.createKey(1);
    const env = await encryptValue(provider, ref, { secretId: id, version: 3 }, Buffer.from("some value"));
    for (const field of ["ciphertext", "nonce", "wrappedKey"] as const) {
      const copy = Buffer.from(env[field]);
      copy[copy.length >> 1] ^= 0x01;
      await expect(decryptValue(provider, { secretId: id, version: 3 }, { ...env, [field]: copy })).rejects.toBeInstanceOf(DecryptionError);
    }
  });

  it("re-wraps under a new KEK version without touching the ciphertext; old KEK refs differ", async () => {
    const r1 = await provider.createKey(1);
    const r2 = await provider.createKey(2);
    const env = await encryptValue(provider, r1, { secretId: id, version: 4 }, Buffer.from("rotate me"));
    const wrapped2 = await rewrapKey(provider, { secretId: id, version: 4 }, env.wrappedKey, r1, r2);
    expect((await decryptValue(provider, { secretId: id, version: 4 }, { ...env, wrappedKey: wrapped2, keyRef: r2 })).toString()).toBe("rotate me");
    await expect(decryptValue(provider, { secretId: id, version: 4 }, { ...env, wrappedKey: wrapped2, keyRef: r1 })).rejects.toThrow(DecryptionError);
  });

  it("says clearly when a version was destroyed", async () => {
    await expect(decryptValue(provider, { secretId: id, version: 1 }, { ciphertext: null, nonce: null, wrappedKey: null, keyRef: "local:1" })).rejects.toThrow(
      /destroyed/,
    );
  });

  it("key checks tell the right root key from a wrong one", async () => {
    const check = await makeKeyCheck(provider, "local:1");
    expect(await verifyKeyCheck(provider, "local:1", check)).toBe(true);
    const wrong = new LocalKeyProvider(() => randomBytes(32));
    expect(await verifyKeyCheck(wrong, "local:1", check)).toBe(false);
  });
});

describe("local root key file", () => {
  it("is generated once with mode 0600 and read back", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "kw-root-"));
    const file = path.join(dir, "keys", "root.key");
    const key = createRootKeyFile(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(() => createRootKeyFile(file)).toThrow(); // never overwritten
    const saved = { env: process.env.KEYWARD_ROOT_KEY, file: process.env.KEYWARD_ROOT_KEY_FILE };
    delete process.env.KEYWARD_ROOT_KEY;
    process.env.KEYWARD_ROOT_KEY_FILE = file;
    try {
      expect(loadLocalRootKey().equals(key)).toBe(true);
      expect(readFileSync(file, "utf8").trim()).toBe(key.toString("base64"));
    } finally {
      if (saved.env) process.env.KEYWARD_ROOT_KEY = saved.env;
      if (saved.file) process.env.KEYWARD_ROOT_KEY_FILE = saved.file;
      else delete process.env.KEYWARD_ROOT_KEY_FILE;
    }
  });
});

describe("Shamir shares", () => {
  it("any k of n rebuild the root key; fewer do not", async () => {
    const secret = randomBytes(32);
    const shares = await splitSecret(secret, 5, 3);
    expect(shares).toHaveLength(5);
    expect((await combineShares([shares[4], shares[0], shares[2]])).equals(secret)).toBe(true);
    expect((await combineShares([shares[1], shares[3], shares[4]])).equals(secret)).toBe(true);
    expect((await combineShares([shares[1], shares[3]])).equals(secret)).toBe(false);
    await expect(combineShares([shares[1], shares[1], shares[2]])).rejects.toThrow(/twice/);
    await expect(combineShares(["nonsense", shares[1]])).rejects.toThrow(/Not a Keyward/);
  });
});
