import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DecryptionError, decryptValue, encryptValue, rewrapKey } from "../envelope";
import { signRequest } from "./aws-sigv4";
import { KmsError, KmsKeyProvider } from "./kms";

// A stand-in KMS speaking AWS KMS's JSON protocol: CreateKey, Encrypt, Decrypt with an
// EncryptionContext that must match, SigV4-checked requests. Keys never leave it.
const creds = { accessKeyId: "AKIDKEYWARDTEST", secretAccessKey: "kms-test-secret" };
const keys = new Map<string, Buffer>();
let server: Server;
let endpoint: string;
let calls = 0;

function ctxBytes(ctx: unknown) {
  return Buffer.from(JSON.stringify(Object.entries((ctx ?? {}) as Record<string, string>).sort()));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      calls++;
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
        res.end(JSON.stringify(json));
      };
      const auth = String(req.headers.authorization ?? "");
      const amzDate = String(req.headers["x-amz-date"] ?? "");
      const now = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
      const expected = signRequest({
        url: new URL(`http://${req.headers.host}${req.url}`),
        region: "eu-west-1",
        service: "kms",
        body,
        credentials: creds,
        now,
        headers: { "content-type": String(req.headers["content-type"]), "x-amz-target": String(req.headers["x-amz-target"]) },
      }).authorization;
      if (auth !== expected) return send(400, { __type: "InvalidSignatureException", message: "signature does not match" });
      const input = JSON.parse(body);
      const target = String(req.headers["x-amz-target"]);
      if (target === "TrentService.CreateKey") {
        const id = randomUUID();
        keys.set(id, randomBytes(32));
        return send(200, { KeyMetadata: { KeyId: id, Arn: `arn:aws:kms:eu-west-1:000000000000:key/${id}` } });
      }
      const keyId = String(input.KeyId ?? "").split("/").pop()!;
      const key = keys.get(keyId);
      if (!key) return send(400, { __type: "NotFoundException", message: `Key ${input.KeyId} not found` });
      if (target === "TrentService.Encrypt") {
        const iv = randomBytes(12);
        const c = createCipheriv("aes-256-gcm", key, iv);
        c.setAAD(ctxBytes(input.EncryptionContext));
        const out = Buffer.concat([iv, c.update(Buffer.from(input.Plaintext, "base64")), c.final(), c.getAuthTag()]);
        return send(200, { CiphertextBlob: out.toString("base64"), KeyId: input.KeyId });
      }
      if (target === "TrentService.Decrypt") {
        try {
          const blob = Buffer.from(input.CiphertextBlob, "base64");
          const d = createDecipheriv("aes-256-gcm", key, blob.subarray(0, 12));
          d.setAAD(ctxBytes(input.EncryptionContext));
          d.setAuthTag(blob.subarray(blob.length - 16));
          const pt = Buffer.concat([d.update(blob.subarray(12, blob.length - 16)), d.final()]);
          return send(200, { Plaintext: pt.toString("base64"), KeyId: input.KeyId });
        } catch {
          return send(400, { __type: "InvalidCiphertextException", message: "" });
        }
      }
      send(400, { __type: "UnknownOperationException" });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("KMS key provider (AWS KMS JSON protocol)", () => {
  const binding = { secretId: "7d3a0f00-2222-4000-8000-000000000001", version: 1 };

  it("creates a key, wraps through Encrypt and unwraps through Decrypt", async () => {
    const kms = new KmsKeyProvider({ endpoint, region: "eu-west-1", credentials: creds });
    const ref = await kms.createKey(1);
    expect(ref).toMatch(/^arn:aws:kms:/);
    const before = calls;
    const env = await encryptValue(kms, ref, binding, Buffer.from("kms-protected"));
    expect((await decryptValue(kms, binding, env)).toString()).toBe("kms-protected");
    expect(calls - before).toBe(2);
  });

  it("the encryption context binds the wrap to the secret version", async () => {
    const kms = new KmsKeyProvider({ endpoint, region: "eu-west-1", credentials: creds });
    const ref = await kms.createKey(1);
    const env = await encryptValue(kms, ref, binding, Buffer.from("v"));
    await expect(decryptValue(kms, { ...binding, version: 9 }, env)).rejects.toBeInstanceOf(DecryptionError);
    const r2 = await kms.createKey(2);
    const rewrapped = await rewrapKey(kms, binding, env.wrappedKey, ref, r2);
    expect((await decryptValue(kms, binding, { ...env, wrappedKey: rewrapped, keyRef: r2 })).toString()).toBe("v");
  });

  it("reports KMS errors by type, e.g. bad credentials", async () => {
    const bad = new KmsKeyProvider({ endpoint, region: "eu-west-1", credentials: { ...creds, secretAccessKey: "wrong" } });
    await expect(bad.createKey(1)).rejects.toSatisfy((e: unknown) => e instanceof KmsError && e.type === "InvalidSignatureException");
  });

  it("uses a fixed key id when configured", async () => {
    const setup = new KmsKeyProvider({ endpoint, region: "eu-west-1", credentials: creds });
    const id = await setup.createKey(1);
    const fixed = new KmsKeyProvider({ endpoint, region: "eu-west-1", credentials: creds, keyId: id });
    expect(await fixed.createKey(7)).toBe(id);
  });
});
