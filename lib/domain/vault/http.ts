import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import type { Actor } from "@/lib/authz/authorize";
import { AppError } from "@/lib/errors";
import { logError } from "@/lib/log";
import { authenticateWorkloadToken, type TRequestMeta } from "./identities";
import { looksLikeWorkloadToken } from "./tokens";

// HTTP plumbing shared by /api/v1/secrets/value and the Vault-compatible /v1 routes: a
// workload token (X-Vault-Token or Authorization: Bearer kw_wt_...) or, failing that, the
// person's session or personal API token.

export function requestMeta(req: Request): TRequestMeta {
  return {
    ip: req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || req.headers.get("x-real-ip") || null,
    userAgent: req.headers.get("user-agent")?.slice(0, 300) ?? null,
    requestId: req.headers.get("x-request-id") ?? randomUUID(),
  };
}

export function presentedWorkloadToken(req: Request): string | null {
  const vault = req.headers.get("x-vault-token");
  if (vault) return vault.trim();
  const auth = req.headers.get("authorization");
  if (auth?.toLowerCase().startsWith("bearer ")) {
    const t = auth.slice(7).trim();
    if (looksLikeWorkloadToken(t)) return t;
  }
  return null;
}

export async function vaultCaller(req: Request, opts: { allowPeople?: boolean } = {}): Promise<Actor> {
  const meta = requestMeta(req);
  const token = presentedWorkloadToken(req);
  if (token) return (await authenticateWorkloadToken(token, meta)).actor;
  if (!opts.allowPeople) throw new AppError("unauthenticated", "Missing token: send X-Vault-Token.");
  const { getRequestActor } = await import("@/lib/actor");
  return { ...(await getRequestActor(req)), requestId: meta.requestId };
}

/** Vault-style error body: { errors: [message] }, same status codes as Vault uses. */
export function vaultError(e: unknown, requestId: string): Response {
  if (e instanceof AppError) {
    const status = e.code === "unauthenticated" ? 403 : e.status; // Vault answers 403 for bad tokens
    const fields = e.fields ? Object.entries(e.fields).map(([k, v]) => `${k}: ${v.join(", ")}`) : [];
    const msgs = e.code === "not_found" ? [] : e.code === "forbidden" || e.code === "unauthenticated" ? ["permission denied", e.message] : [e.message, ...fields];
    return NextResponse.json({ errors: msgs }, { status, headers: { "x-request-id": requestId, "cache-control": "no-store" } });
  }
  logError("vault-api", e, { requestId });
  return NextResponse.json({ errors: [`internal error, request id ${requestId}`] }, { status: 500, headers: { "x-request-id": requestId } });
}

export function vaultRoute<P>(handler: (args: { req: Request; params: P; url: URL; requestId: string }) => Promise<Response | unknown>) {
  return async (req: Request, ctx: { params: Promise<P> }) => {
    const requestId = req.headers.get("x-request-id") ?? randomUUID();
    try {
      const out = await handler({ req, params: (await ctx?.params) ?? ({} as P), url: new URL(req.url), requestId });
      if (out instanceof Response) return out;
      if (out === undefined) return new NextResponse(null, { status: 204, headers: { "x-request-id": requestId } });
      return NextResponse.json(out, { headers: { "x-request-id": requestId, "cache-control": "no-store" } });
    } catch (e) {
      return vaultError(e, requestId);
    }
  };
}

/** Vault's JSON envelope around `data` or `auth`. */
export function vaultEnvelope(requestId: string, body: { data?: unknown; auth?: unknown }) {
  return { request_id: requestId, lease_id: "", renewable: false, lease_duration: 0, data: body.data ?? null, wrap_info: null, warnings: null, auth: body.auth ?? null };
}

export async function readBody(req: Request): Promise<unknown> {
  const { readJson } = await import("@/lib/route");
  return readJson(req);
}
