// Azure Key Vault through the official SDK (@azure/keyvault-secrets): listPropertiesOfSecrets
// gives names, enabled, created/updated, expiry and tags. No values read. The credential is a
// service principal (client credentials against the Entra ID token endpoint, done here with
// fetch so @azure/identity is not needed); `authorityHost` and `caCertificate` let it work
// against sovereign clouds, private endpoints and the tests' local server.
import type { SecretClient } from "@azure/keyvault-secrets";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { z } from "zod";
import { defineConnector, secretBatcher } from "../types";

export const ZAzureKvConfig = z.strictObject({
  vaultUrl: z.url().max(500).regex(/^https:\/\//, "Key Vault URLs are https://").describe("Vault URL, e.g. https://my-vault.vault.azure.net"),
  tenantId: z.string().trim().min(1).max(100).describe("Tenant (directory) id"),
  authorityHost: z.url().max(500).default("https://login.microsoftonline.com").describe("Entra ID authority host"),
  caCertificate: z.string().max(20_000).optional().describe("PEM of a CA to trust for the vault (private endpoints)"),
  disableChallengeResourceVerification: z.boolean().default(false).describe("Accept a challenge resource that differs from the vault's domain"),
  environment: z.enum(["dev", "staging", "prod"]).default("prod").describe("Environment of the secrets found"),
});
export const ZAzureKvCredentials = z.strictObject({
  clientId: z.string().min(1).max(100).describe("Application (client) id"),
  clientSecret: z.string().min(1).max(1000),
});

type TConfig = z.output<typeof ZAzureKvConfig>;
type TCreds = z.output<typeof ZAzureKvCredentials>;

/** Client-credentials flow (Microsoft identity platform v2.0 token endpoint). */
export function clientSecretCredential(config: TConfig, creds: TCreds): TokenCredential {
  let cached: AccessToken | null = null;
  return {
    async getToken(scopes) {
      if (cached && cached.expiresOnTimestamp > Date.now() + 60_000) return cached;
      const scope = (Array.isArray(scopes) ? scopes : [scopes]).join(" ");
      const res = await fetch(`${config.authorityHost.replace(/\/+$/, "")}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: creds.clientId, client_secret: creds.clientSecret, scope }),
        signal: AbortSignal.timeout(20_000),
      });
      const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error_description?: string; error?: string };
      if (!res.ok || !body.access_token) throw new Error(`token request failed: ${res.status} ${body.error ?? ""} ${(body.error_description ?? "").slice(0, 200)}`.trim());
      cached = { token: body.access_token, expiresOnTimestamp: Date.now() + (body.expires_in ?? 3600) * 1000 };
      return cached;
    },
  };
}

async function client(config: TConfig, creds: TCreds | null): Promise<SecretClient> {
  if (!creds) throw new Error("Azure Key Vault needs a service principal's client id and secret.");
  // Loaded on first use, so the registry (imported by web and worker) stays light.
  const { SecretClient } = await import("@azure/keyvault-secrets");
  return new SecretClient(config.vaultUrl, clientSecretCredential(config, creds), {
    disableChallengeResourceVerification: config.disableChallengeResourceVerification,
    retryOptions: { maxRetries: 1 },
    ...(config.caCertificate ? { tlsOptions: { ca: config.caCertificate } } : {}),
  });
}

const iso = (d: Date | undefined) => (d ? d.toISOString() : null);

export const azureKvConnector = defineConnector({
  id: "azure-kv",
  label: "Azure Key Vault",
  description: "Inventories Key Vault secrets (names, enabled, updated, expiry, tags) through the Azure SDK; values are never read.",
  configSchema: ZAzureKvConfig,
  credentialsSchema: ZAzureKvCredentials,
  capabilities: ["secrets"],
  async test(config, creds) {
    const it = (await client(config, creds)).listPropertiesOfSecrets().byPage({ maxPageSize: 1 });
    await it.next();
    return { ok: true, message: "reachable; listing allowed" };
  },
  async discover(config, creds, ctx) {
    const c = await client(config, creds);
    const out = secretBatcher(ctx);
    for await (const p of c.listPropertiesOfSecrets()) {
      if (p.managed) continue; // backs a Key Vault certificate: the certificate is the thing to inventory
      await out.add({
        externalRef: p.id ?? `${config.vaultUrl.replace(/\/+$/, "")}/secrets/${p.name}`,
        name: p.name,
        description: `Azure Key Vault ${new URL(config.vaultUrl).hostname}/${p.name}${p.enabled === false ? " (disabled)" : ""}`,
        createdAt: iso(p.createdOn),
        lastChangedAt: iso(p.updatedOn),
        expiresAt: iso(p.expiresOn),
        tags: { ...(p.tags ?? {}), ...(p.contentType ? { contentType: p.contentType } : {}) },
      });
    }
    return { stats: { secrets: await out.finish() } };
  },
});
