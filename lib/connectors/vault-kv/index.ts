// HashiCorp Vault KV v2 and OpenBao (and Keyward's own Vault-compatible API): walks every path
// under a mount with LIST (GET ?list=true) on metadata/, and records each secret's metadata
// (versions, created and updated times, custom metadata) in the inventory as vaulted. Values
// are never read.
import { z } from "zod";
import { defineConnector, type TDiscoveredSecret } from "../types";

export const ZVaultKvConfig = z.strictObject({
  address: z.url({ error: "Give the Vault address, e.g. https://vault.example.com:8200" }).max(500).describe("Vault address"),
  mount: z.string().trim().regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, "A mount path like secret or kv/team").default("secret").describe("KV v2 mount"),
  prefix: z.string().trim().max(500).default("").describe("Only paths under this prefix"),
  namespace: z.string().trim().max(200).optional().describe("Vault Enterprise / OpenBao namespace"),
  environment: z.enum(["dev", "staging", "prod"]).default("prod").describe("Environment of the secrets found"),
  maxSecrets: z.number().int().min(1).max(1_000_000).default(100_000).describe("Stop after this many"),
});
export const ZVaultKvCredentials = z.strictObject({ token: z.string().min(1).max(5000).describe("A token with list and read-metadata rights") });

type TConfig = z.output<typeof ZVaultKvConfig>;
type TCreds = z.output<typeof ZVaultKvCredentials>;

function client(config: TConfig, creds: TCreds | null) {
  const base = config.address.replace(/\/+$/, "");
  const headers: Record<string, string> = { accept: "application/json" };
  if (creds?.token) headers["x-vault-token"] = creds.token;
  if (config.namespace) headers["x-vault-namespace"] = config.namespace;
  return async function get(path: string): Promise<{ status: number; body: Record<string, unknown> | null }> {
    const res = await fetch(`${base}/v1/${path}`, { headers, signal: AbortSignal.timeout(20_000) });
    const text = await res.text();
    let body: Record<string, unknown> | null = null;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      body = null;
    }
    if (res.status >= 400 && res.status !== 404) {
      const errors = (body?.errors as string[] | undefined)?.join("; ") ?? text.slice(0, 200);
      throw new Error(`GET /v1/${path.replace(/\?.*$/, "")}: ${res.status} ${errors}`);
    }
    return { status: res.status, body };
  };
}

const enc = (p: string) => p.split("/").map(encodeURIComponent).join("/");

export const vaultKvConnector = defineConnector({
  id: "vault-kv",
  label: "Vault KV v2 / OpenBao",
  description: "Lists every path of a KV v2 mount with its metadata into the inventory as vaulted secrets (no values read).",
  configSchema: ZVaultKvConfig,
  credentialsSchema: ZVaultKvCredentials,
  capabilities: ["secrets"],
  async test(config, creds) {
    const get = client(config, creds);
    const r = await get(`${config.mount}/metadata/${enc(config.prefix.replace(/^\/+|\/+$/g, ""))}?list=true`);
    const keys = ((r.body?.data as { keys?: string[] } | undefined)?.keys ?? []).length;
    return { ok: true, message: r.status === 404 ? "reachable; nothing under this prefix" : `reachable; ${keys} keys at the top level` };
  },
  async discover(config, creds, ctx) {
    const get = client(config, creds);
    const queue = [config.prefix.replace(/^\/+|\/+$/g, "")];
    let found = 0;
    let batch: TDiscoveredSecret[] = [];
    const leaves: string[] = [];
    while (queue.length && leaves.length < config.maxSecrets) {
      const dir = queue.shift()!;
      const r = await get(`${config.mount}/metadata/${enc(dir)}${dir ? "/" : ""}?list=true`);
      const keys = ((r.body?.data as { keys?: string[] } | undefined)?.keys ?? []) as string[];
      for (const k of keys) {
        const full = dir ? `${dir}/${k}` : k;
        if (k.endsWith("/")) queue.push(full.replace(/\/+$/, ""));
        else leaves.push(full);
      }
    }
    for (const p of leaves.slice(0, config.maxSecrets)) {
      try {
        const r = await get(`${config.mount}/metadata/${enc(p)}`);
        if (r.status === 404 || !r.body?.data) continue;
        const d = r.body.data as {
          created_time?: string; updated_time?: string; current_version?: number; custom_metadata?: Record<string, string> | null;
          versions?: Record<string, { deletion_time?: string; destroyed?: boolean }>;
        };
        const cur = d.current_version ? d.versions?.[String(d.current_version)] : undefined;
        if (cur?.destroyed) continue;
        batch.push({
          externalRef: `${config.mount}/${p}`,
          name: p.split("/").pop()!,
          description: `Vault KV v2 ${config.mount}/${p}`,
          createdAt: d.created_time ?? null,
          lastChangedAt: d.updated_time ?? null,
          versions: d.current_version ?? undefined,
          tags: d.custom_metadata ?? {},
        });
      } catch (e) {
        ctx.warn((e as Error).message);
      }
      found++;
      if (batch.length >= 100) {
        await ctx.emit({ secrets: batch });
        batch = [];
        await ctx.progress(found, leaves.length, `${found} of ${leaves.length} paths`);
      }
    }
    if (batch.length) await ctx.emit({ secrets: batch });
    await ctx.progress(leaves.length, leaves.length, `${leaves.length} paths`);
    return { stats: { paths: leaves.length } };
  },
});
