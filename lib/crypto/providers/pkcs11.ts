import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import type * as Pkcs11Types from "pkcs11js";
import type { KeyProvider } from "../key-provider";

// KEKs live in an HSM as non-extractable AES-256 keys labelled "<prefix>-<number>"; wrapping is
// CKM_AES_GCM inside the token with the binding as AAD. Tested against SoftHSM2.

export type TPkcs11Config = {
  library: string; // e.g. /usr/lib/softhsm/libsofthsm2.so
  tokenLabel: string;
  pin: string;
  labelPrefix?: string;
};

const NONCE = 12;
type Pkcs11Module = typeof Pkcs11Types;

function loadModule(): Pkcs11Module {
  // Native addon: loaded on first use so the rest of Keyward runs without it.
  return createRequire(import.meta.url)("pkcs11js") as Pkcs11Module;
}

export class Pkcs11KeyProvider implements KeyProvider {
  readonly kind = "pkcs11";
  private p11: Pkcs11Module;
  private lib: Pkcs11Types.PKCS11;
  private session: Buffer;
  private handles = new Map<string, Buffer>();
  private prefix: string;

  constructor(cfg: TPkcs11Config) {
    this.p11 = loadModule();
    this.prefix = cfg.labelPrefix ?? "keyward-kek";
    this.lib = new this.p11.PKCS11();
    this.lib.load(cfg.library);
    this.lib.C_Initialize();
    try {
      const slot = this.lib.C_GetSlotList(true).find((s) => this.lib.C_GetTokenInfo(s).label.trim() === cfg.tokenLabel);
      if (!slot) throw new Error(`PKCS#11: no token labelled "${cfg.tokenLabel}"`);
      this.session = this.lib.C_OpenSession(slot, this.p11.CKF_SERIAL_SESSION | this.p11.CKF_RW_SESSION);
      this.lib.C_Login(this.session, this.p11.CKU_USER, cfg.pin);
    } catch (e) {
      this.lib.C_Finalize();
      throw e;
    }
  }

  private label(number: number) {
    return `${this.prefix}-${number}`;
  }

  private find(label: string): Buffer | null {
    const p = this.p11;
    this.lib.C_FindObjectsInit(this.session, [
      { type: p.CKA_CLASS, value: p.CKO_SECRET_KEY },
      { type: p.CKA_LABEL, value: label },
    ]);
    try {
      return this.lib.C_FindObjects(this.session) ?? null;
    } finally {
      this.lib.C_FindObjectsFinal(this.session);
    }
  }

  private key(keyRef: string): Buffer {
    const cached = this.handles.get(keyRef);
    if (cached) return cached;
    const h = this.find(keyRef);
    if (!h) throw new Error(`PKCS#11: key ${keyRef} is not on the token`);
    this.handles.set(keyRef, h);
    return h;
  }

  async createKey(number: number): Promise<string> {
    const p = this.p11;
    const label = this.label(number);
    if (this.find(label)) return label; // idempotent: a retried rotation reuses the key
    this.lib.C_GenerateKey(this.session, { mechanism: p.CKM_AES_KEY_GEN }, [
      { type: p.CKA_CLASS, value: p.CKO_SECRET_KEY },
      { type: p.CKA_KEY_TYPE, value: p.CKK_AES },
      { type: p.CKA_VALUE_LEN, value: 32 },
      { type: p.CKA_LABEL, value: label },
      { type: p.CKA_TOKEN, value: true },
      { type: p.CKA_PRIVATE, value: true },
      { type: p.CKA_SENSITIVE, value: true },
      { type: p.CKA_EXTRACTABLE, value: false },
      { type: p.CKA_ENCRYPT, value: true },
      { type: p.CKA_DECRYPT, value: true },
    ]);
    return label;
  }

  private mech(iv: Buffer, aad: Buffer): Pkcs11Types.Mechanism {
    return { mechanism: this.p11.CKM_AES_GCM, parameter: { type: this.p11.CK_PARAMS_AES_GCM, iv, aad, ivBits: 96, tagBits: 128 } as Pkcs11Types.AesGCM };
  }

  // pkcs11js calls are synchronous, so operations on the one session never interleave.
  async wrap(dataKey: Buffer, keyRef: string, aad: Buffer): Promise<Buffer> {
    const iv = randomBytes(NONCE);
    this.lib.C_EncryptInit(this.session, this.mech(iv, aad), this.key(keyRef));
    const out = this.lib.C_Encrypt(this.session, dataKey, Buffer.alloc(dataKey.length + 16));
    return Buffer.concat([iv, out]);
  }

  async unwrap(wrapped: Buffer, keyRef: string, aad: Buffer): Promise<Buffer> {
    const iv = wrapped.subarray(0, NONCE);
    const body = wrapped.subarray(NONCE);
    if (body.length < 16) throw new Error("wrapped key too short");
    this.lib.C_DecryptInit(this.session, this.mech(Buffer.from(iv), aad), this.key(keyRef));
    return Buffer.from(this.lib.C_Decrypt(this.session, Buffer.from(body), Buffer.alloc(body.length)));
  }

  async close() {
    try {
      this.lib.C_Logout(this.session);
      this.lib.C_CloseSession(this.session);
    } finally {
      this.lib.C_Finalize();
    }
  }
}
