import type { KeyProvider } from "../key-provider";
import { signRequest, type TAwsCredentials } from "./aws-sigv4";

// A cloud KMS provider speaking the AWS KMS JSON protocol (TrentService Encrypt, Decrypt,
// CreateKey), so it works with AWS KMS and compatible services (LocalStack, other clouds'
// gateways). The binding travels as the EncryptionContext, which KMS authenticates.

export type TKmsConfig = {
  endpoint: string; // https://kms.eu-west-1.amazonaws.com
  region: string;
  credentials: TAwsCredentials;
  /** When set, every version uses this key (KMS rotates its backing key itself). */
  keyId?: string;
  timeoutMs?: number;
};

export class KmsError extends Error {
  constructor(readonly type: string, message: string, readonly status: number) {
    super(`KMS ${type}: ${message}`);
    this.name = "KmsError";
  }
}

function context(aad: Buffer): Record<string, string> {
  return { keyward: aad.toString("base64") };
}

export class KmsKeyProvider implements KeyProvider {
  readonly kind = "kms";
  constructor(private readonly cfg: TKmsConfig) {}

  private async call<T>(action: string, payload: unknown): Promise<T> {
    const url = new URL(this.cfg.endpoint);
    const body = JSON.stringify(payload);
    const headers = signRequest({
      url,
      region: this.cfg.region,
      service: "kms",
      body,
      credentials: this.cfg.credentials,
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `TrentService.${action}` },
    });
    delete headers.host; // fetch sets it
    const res = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(this.cfg.timeoutMs ?? 5000) });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      throw new KmsError("BadResponse", `HTTP ${res.status}, not JSON`, res.status);
    }
    if (!res.ok) {
      const type = String(json.__type ?? "Error").split("#").pop()!;
      throw new KmsError(type, String(json.message ?? json.Message ?? `HTTP ${res.status}`), res.status);
    }
    return json as T;
  }

  async createKey(number: number): Promise<string> {
    if (this.cfg.keyId) return this.cfg.keyId;
    const out = await this.call<{ KeyMetadata: { KeyId: string; Arn?: string } }>("CreateKey", {
      Description: `Keyward key-encryption key v${number}`,
      KeyUsage: "ENCRYPT_DECRYPT",
      KeySpec: "SYMMETRIC_DEFAULT",
    });
    return out.KeyMetadata.Arn ?? out.KeyMetadata.KeyId;
  }

  async wrap(dataKey: Buffer, keyRef: string, aad: Buffer): Promise<Buffer> {
    const out = await this.call<{ CiphertextBlob: string }>("Encrypt", {
      KeyId: keyRef,
      Plaintext: dataKey.toString("base64"),
      EncryptionContext: context(aad),
    });
    return Buffer.from(out.CiphertextBlob, "base64");
  }

  async unwrap(wrapped: Buffer, keyRef: string, aad: Buffer): Promise<Buffer> {
    const out = await this.call<{ Plaintext: string }>("Decrypt", {
      KeyId: keyRef,
      CiphertextBlob: wrapped.toString("base64"),
      EncryptionContext: context(aad),
    });
    return Buffer.from(out.Plaintext, "base64");
  }
}
