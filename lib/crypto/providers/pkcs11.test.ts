import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DecryptionError, decryptValue, encryptValue, rewrapKey } from "../envelope";
import { Pkcs11KeyProvider } from "./pkcs11";

// A real PKCS#11 token: SoftHSM2 from Debian's packages (apt-get install softhsm2).
const LIB = ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"].find(existsSync);

let dir: string;
let provider: Pkcs11KeyProvider;

beforeAll(() => {
  if (!LIB) throw new Error("SoftHSM2 is not installed: apt-get install -y softhsm2");
  dir = mkdtempSync(path.join(tmpdir(), "kw-hsm-"));
  mkdirSync(path.join(dir, "tokens"));
  writeFileSync(path.join(dir, "softhsm2.conf"), `directories.tokendir = ${dir}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = path.join(dir, "softhsm2.conf");
  execFileSync("softhsm2-util", ["--init-token", "--free", "--label", "keyward-test", "--pin", "1234", "--so-pin", "5678"], {
    env: process.env,
    stdio: "pipe",
  });
  provider = new Pkcs11KeyProvider({ library: LIB, tokenLabel: "keyward-test", pin: "1234" });
});

afterAll(async () => {
  await provider?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("PKCS#11 key provider (SoftHSM2)", () => {
  const binding = { secretId: "0b8f4c52-1111-4000-8000-000000000001", version: 1 };

  it("wraps data keys inside the token and decrypts values", async () => {
    const ref = await provider.createKey(1);
    expect(ref).toBe("keyward-kek-1");
    expect(await provider.createKey(1)).toBe(ref); // idempotent
    const env = await encryptValue(provider, ref, binding, Buffer.from("hsm-protected"));
    expect(env.wrappedKey.length).toBe(12 + 32 + 16);
    expect((await decryptValue(provider, binding, env)).toString()).toBe("hsm-protected");
  });

  it("refuses a wrapped key bound to another version or altered", async () => {
    const ref = await provider.createKey(1);
    const env = await encryptValue(provider, ref, binding, Buffer.from("x"));
    await expect(decryptValue(provider, { ...binding, version: 2 }, env)).rejects.toBeInstanceOf(DecryptionError);
    const flipped = Buffer.from(env.wrappedKey);
    flipped[20] ^= 0x80;
    await expect(decryptValue(provider, binding, { ...env, wrappedKey: flipped })).rejects.toThrow(/does not unwrap/);
    // The session still works after a failed decrypt.
    expect((await decryptValue(provider, binding, env)).toString()).toBe("x");
  });

  it("rotates: a new token key re-wraps old data keys", async () => {
    const r1 = await provider.createKey(1);
    const r2 = await provider.createKey(2);
    const env = await encryptValue(provider, r1, binding, Buffer.from("rotated"));
    const wrapped = await rewrapKey(provider, binding, env.wrappedKey, r1, r2);
    expect((await decryptValue(provider, binding, { ...env, wrappedKey: wrapped, keyRef: r2 })).toString()).toBe("rotated");
  });

  it("createKey is idempotent and an unknown key reference fails clearly", async () => {
    await provider.createKey(3);
    const again = await provider.createKey(3);
    expect(again).toBe("keyward-kek-3");
    await expect(provider.unwrap(Buffer.alloc(60), "keyward-kek-404", Buffer.from("a"))).rejects.toThrow(/not on the token/);
  });
});
