import { createHash, createHmac } from "node:crypto";

// AWS Signature Version 4 for a JSON POST, enough for KMS-compatible endpoints.

export type TAwsCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

const sha256 = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");
const hmac = (k: Buffer | string, s: string) => createHmac("sha256", k).update(s).digest();

export function signRequest(opts: {
  url: URL;
  region: string;
  service: string;
  headers: Record<string, string>;
  body: string;
  credentials: TAwsCredentials;
  now?: Date;
}): Record<string, string> {
  const now = opts.now ?? new Date();
  const amzDate = now.toISOString().replace(/[:-]|\.\d{3}/g, "");
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = { ...opts.headers, host: opts.url.host, "x-amz-date": amzDate };
  if (opts.credentials.sessionToken) headers["x-amz-security-token"] = opts.credentials.sessionToken;
  const names = Object.keys(headers).map((h) => h.toLowerCase()).sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v.trim()]));
  const canonicalHeaders = names.map((n) => `${n}:${lower[n]}\n`).join("");
  const signedHeaders = names.join(";");
  const canonicalRequest = ["POST", opts.url.pathname || "/", "", canonicalHeaders, signedHeaders, sha256(opts.body)].join("\n");
  const scope = `${day}/${opts.region}/${opts.service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  const kDate = hmac("AWS4" + opts.credentials.secretAccessKey, day);
  const kSigning = hmac(hmac(hmac(kDate, opts.region), opts.service), "aws4_request");
  const signature = createHmac("sha256", kSigning).update(toSign).digest("hex");
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${opts.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}
