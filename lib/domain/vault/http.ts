import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import type { Actor } from "@/lib/authz/authorize";
import { AppError } from "@/lib/errors";
import { requestMetaOf } from "@/lib/request-meta";
import { plainToNext } from "@/lib/route";
import { vaultError as vaultErrorPlain, workloadTokenOf } from "./delivery";
import { authenticateWorkloadToken, type TRequestMeta } from "./identities";

export { vaultEnvelope } from "./delivery";

// HTTP plumbing shared by /api/v1/secrets/value and the Vault-compatible /v1 routes: a
// workload token (X-Vault-Token or Authorization: Bearer kw_wt_...) or, failing that, the
// person's session or personal API token.

export function requestMeta(req: Request): TRequestMeta {
  return requestMetaOf((n) => req.headers.get(n));
}

export function presentedWorkloadToken(req: Request): string | null {
  return workloadTokenOf((n) => req.headers.get(n));
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
  return plainToNext(vaultErrorPlain(e, requestId));
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

export async function readBody(req: Request): Promise<unknown> {
  const { readJson } = await import("@/lib/route");
  return readJson(req);
}
