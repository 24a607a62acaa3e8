import type { Actor } from "@/lib/authz/authorize";
import { AppError, type TPlainResponse } from "@/lib/errors";
import { logError } from "@/lib/log";
import type { THeaderGet } from "@/lib/request-meta";
import { readSecretValue } from "./service";
import { looksLikeWorkloadToken } from "./tokens";

// The HTTP shape of the two workload read endpoints (GET /api/v1/secrets/value and Vault's
// GET /v1/secret/data/<path>) as plain status / headers / body, free of any framework: the
// Next route handlers and the lean delivery server (server.ts) both answer with these, so a
// read is the same bytes whichever of them serves it.

/** A workload token from X-Vault-Token or `Authorization: Bearer kw_wt_…`; null when there is none. */
export function workloadTokenOf(get: THeaderGet): string | null {
  const vault = get("x-vault-token");
  if (vault) return vault.trim();
  const auth = get("authorization");
  if (auth?.toLowerCase().startsWith("bearer ")) {
    const t = auth.slice(7).trim();
    if (looksLikeWorkloadToken(t)) return t;
  }
  return null;
}

/** Vault-style error body: { errors: [message] }, with the status codes Vault uses. */
export function vaultError(e: unknown, requestId: string): TPlainResponse {
  if (e instanceof AppError) {
    const status = e.code === "unauthenticated" ? 403 : e.status; // Vault answers 403 for bad tokens
    const fields = e.fields ? Object.entries(e.fields).map(([k, v]) => `${k}: ${v.join(", ")}`) : [];
    const errors = e.code === "not_found" ? [] : e.code === "forbidden" || e.code === "unauthenticated" ? ["permission denied", e.message] : [e.message, ...fields];
    return { status, headers: { "x-request-id": requestId, "cache-control": "no-store" }, body: { errors } };
  }
  logError("vault-api", e, { requestId });
  return { status: 500, headers: { "x-request-id": requestId }, body: { errors: [`internal error, request id ${requestId}`] } };
}

/** Vault's JSON envelope around `data` or `auth`. */
export function vaultEnvelope(requestId: string, body: { data?: unknown; auth?: unknown }) {
  return { request_id: requestId, lease_id: "", renewable: false, lease_duration: 0, data: body.data ?? null, wrap_info: null, warnings: null, auth: body.auth ?? null };
}

/**
 * GET /api/v1/secrets/value?path=… (or ?id=, &version=, &stage=). ETag / If-None-Match let
 * clients poll cheaply: 304 when the version did not change.
 */
export async function serveValueRead(actor: Actor, query: URLSearchParams, get: THeaderGet): Promise<TPlainResponse> {
  const input = {
    ...(query.get("path") ? { path: query.get("path") } : {}),
    ...(query.get("id") ? { secretId: query.get("id") } : {}),
    ...(query.get("version") ? { version: query.get("version") } : {}),
    ...(query.get("stage") ? { stage: query.get("stage") } : {}),
    ...(get("x-keyward-reason") ? { reason: get("x-keyward-reason") } : {}),
  };
  const r = await readSecretValue(actor, input, "api", { ifNoneMatch: get("if-none-match") });
  const headers = { etag: r.etag, "cache-control": "private, no-cache", "x-keyward-version": String(r.version) };
  if (r.notModified) return { status: 304, headers, body: null };
  return {
    status: 200,
    headers,
    body: { secretId: r.secretId, path: r.path, version: r.version, stage: r.stage, createdAt: r.createdAt, value: r.value, data: r.data },
  };
}

/** Vault KV v2 GET /v1/secret/data/<path>[?version=n]. */
export async function serveKvRead(actor: Actor, path: string, query: URLSearchParams, requestId: string): Promise<TPlainResponse> {
  const version = query.get("version");
  const r = await readSecretValue(actor, { path, ...(version && version !== "0" ? { version } : {}) }, "vault");
  if (r.notModified) throw new AppError("internal", "unexpected 304");
  const metadata = { created_time: r.createdAt.toISOString(), custom_metadata: null, deletion_time: "", destroyed: false, version: r.version };
  return {
    status: 200,
    headers: { "x-request-id": requestId, "cache-control": "no-store", etag: r.etag },
    body: { ...vaultEnvelope(requestId, { data: { data: r.data, metadata } }), mount_type: "kv" },
  };
}
