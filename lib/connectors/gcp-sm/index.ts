// GCP Secret Manager through the official SDK (@google-cloud/secret-manager) in its REST
// ("fallback") transport: listSecrets gives names, labels, rotation settings and expiry; the
// newest version's create time is the last change. No values read. The credential is a service
// account key: its JWT is signed here (jose) and exchanged at the key's token_uri, so the
// connector works wherever that endpoint is (the tests run both on a local server).
import type { SecretManagerServiceClient } from "@google-cloud/secret-manager";
import { importPKCS8, SignJWT } from "jose";
import { z } from "zod";
import { defineConnector, secretBatcher } from "../types";

export const ZGcpSmConfig = z.strictObject({
  projectId: z.string().trim().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "A GCP project id").describe("Project id"),
  apiEndpoint: z.string().trim().max(253).default("secretmanager.googleapis.com").describe("API host (regional or private endpoint)"),
  port: z.number().int().min(1).max(65535).default(443).describe("API port"),
  protocol: z.enum(["https", "http"]).default("https").describe("http only for local emulators"),
  environment: z.enum(["dev", "staging", "prod"]).default("prod").describe("Environment of the secrets found"),
});
export const ZGcpSmCredentials = z.strictObject({
  serviceAccountJson: z.string().min(10).max(20_000).describe("Service account key (JSON) with secretmanager.secrets.list and versions.list"),
});

type TConfig = z.output<typeof ZGcpSmConfig>;
type TCreds = z.output<typeof ZGcpSmCredentials>;

const SCOPE = "https://www.googleapis.com/auth/cloud-platform";

/** An auth object for google-gax's REST transport: bearer token from the service account key. */
function serviceAccountAuth(creds: TCreds) {
  let key: { client_email: string; private_key: string; private_key_id?: string; token_uri?: string };
  try {
    key = JSON.parse(creds.serviceAccountJson);
  } catch {
    throw new Error("The service account key is not valid JSON.");
  }
  if (!key.client_email || !key.private_key) throw new Error("The service account key has no client_email or private_key.");
  const tokenUri = key.token_uri ?? "https://oauth2.googleapis.com/token";
  let cached: { token: string; exp: number } | null = null;
  const token = async () => {
    if (cached && cached.exp > Date.now() + 60_000) return cached.token;
    const pk = await importPKCS8(key.private_key, "RS256");
    const assertion = await new SignJWT({ scope: SCOPE })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", ...(key.private_key_id ? { kid: key.private_key_id } : {}) })
      .setIssuer(key.client_email)
      .setAudience(tokenUri)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(pk);
    const res = await fetch(tokenUri, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }),
      signal: AbortSignal.timeout(20_000),
    });
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string };
    if (!res.ok || !body.access_token) throw new Error(`token request failed: ${res.status} ${body.error ?? ""}`.trim());
    cached = { token: body.access_token, exp: Date.now() + (body.expires_in ?? 3600) * 1000 };
    return cached.token;
  };
  return {
    universeDomain: "googleapis.com",
    async getRequestHeaders() {
      return new Headers({ authorization: `Bearer ${await token()}` });
    },
    async fetch(url: string, init: { headers?: Headers; method?: string; body?: unknown; signal?: AbortSignal }) {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${await token()}`);
      return fetch(url, { method: init.method, headers, body: init.body as BodyInit | undefined, signal: init.signal });
    },
  };
}

async function client(config: TConfig, creds: TCreds | null): Promise<SecretManagerServiceClient> {
  if (!creds) throw new Error("GCP Secret Manager needs a service account key.");
  // Loaded on first use, so the registry (imported by web and worker) stays light.
  const { SecretManagerServiceClient } = await import("@google-cloud/secret-manager");
  return new SecretManagerServiceClient({
    fallback: true,
    apiEndpoint: config.apiEndpoint,
    port: config.port,
    protocol: config.protocol,
    authClient: serviceAccountAuth(creds),
  } as ConstructorParameters<typeof SecretManagerServiceClient>[0]);
}

type TTimestamp = { seconds?: number | string | { toString(): string } | null; nanos?: number | null } | null | undefined;
function ts(t: TTimestamp): string | null {
  if (!t || t.seconds === null || t.seconds === undefined) return null;
  return new Date(Number(String(t.seconds)) * 1000 + Math.round((t.nanos ?? 0) / 1e6)).toISOString();
}

export const gcpSmConnector = defineConnector({
  id: "gcp-sm",
  label: "GCP Secret Manager",
  description: "Inventories Secret Manager secrets (labels, rotation, expiry, last version) through the Google Cloud SDK; values are never read.",
  configSchema: ZGcpSmConfig,
  credentialsSchema: ZGcpSmCredentials,
  capabilities: ["secrets"],
  async test(config, creds) {
    const c = await client(config, creds);
    try {
      const [secrets] = await c.listSecrets({ parent: `projects/${config.projectId}`, pageSize: 1 }, { autoPaginate: false });
      return { ok: true, message: `reachable; ${secrets.length ? "secrets found" : "no secrets"}` };
    } finally {
      await c.close();
    }
  },
  async discover(config, creds, ctx) {
    const c = await client(config, creds);
    const out = secretBatcher(ctx);
    try {
      for await (const s of c.listSecretsAsync({ parent: `projects/${config.projectId}` })) {
        if (!s.name) continue;
        let lastChangedAt: string | null = null;
        try {
          const [versions] = await c.listSecretVersions({ parent: s.name, pageSize: 1 }, { autoPaginate: false });
          lastChangedAt = ts(versions[0]?.createTime as TTimestamp);
        } catch (e) {
          ctx.warn(`${s.name}: versions not listed (${(e as Error).message.slice(0, 200)})`);
        }
        const period = s.rotation?.rotationPeriod?.seconds ? Number(String(s.rotation.rotationPeriod.seconds)) : null;
        await out.add({
          externalRef: s.name,
          name: s.name.split("/").pop()!,
          description: `GCP Secret Manager ${s.name}`,
          createdAt: ts(s.createTime as TTimestamp),
          lastChangedAt,
          rotationEnabled: !!s.rotation?.nextRotationTime || !!period,
          rotationPeriodDays: period ? Math.max(1, Math.round(period / 86_400)) : null,
          expiresAt: ts(s.expireTime as TTimestamp),
          tags: { ...(s.labels ?? {}) } as Record<string, string>,
        });
      }
      return { stats: { secrets: await out.finish() } };
    } finally {
      await c.close();
    }
  },
});
