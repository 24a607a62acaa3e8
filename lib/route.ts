import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import { getRequestActor } from "@/lib/actor";
import type { Actor } from "@/lib/authz/authorize";
import { AppError, apiError, type TPlainResponse } from "@/lib/errors";

export const MAX_BODY_BYTES = 256 * 1024;

type Ctx<P> = { params: Promise<P> };
type Handler<P> = (args: { req: Request; actor: Actor; params: P; url: URL }) => Promise<unknown>;

export function errorResponse(e: unknown, requestId: string): NextResponse {
  return plainToNext(apiError(e, requestId));
}

/** A plain status / headers / body as Next's response (null body: no content). */
export function plainToNext(r: TPlainResponse): NextResponse {
  return r.body === null ? new NextResponse(null, { status: r.status, headers: r.headers }) : NextResponse.json(r.body, { status: r.status, headers: r.headers });
}

/**
 * A thin route: authenticate, run one domain function, map AppError to a status.
 * Domain functions parse their own input with zod and authorize the actor.
 */
export function apiRoute<P = Record<string, never>>(handler: Handler<P>, opts: { status?: number } = {}) {
  return async (req: Request, ctx: Ctx<P>) => {
    const requestId = req.headers.get("x-request-id") ?? randomUUID();
    try {
      const actor = { ...(await getRequestActor(req)), requestId };
      const result = await handler({ req, actor, params: (await ctx?.params) ?? ({} as P), url: new URL(req.url) });
      if (result instanceof Response) return result;
      if (result === undefined) return new NextResponse(null, { status: 204, headers: { "x-request-id": requestId } });
      return NextResponse.json(result, { status: opts.status ?? 200, headers: { "x-request-id": requestId } });
    } catch (e) {
      return errorResponse(e, requestId);
    }
  };
}

/** Reads a JSON body with a size cap (MAX_BODY_BYTES unless a route allows more); malformed JSON is a 400, not a 500. */
export async function readJson(req: Request, opts: { maxBytes?: number } = {}): Promise<unknown> {
  const max = opts.maxBytes ?? MAX_BODY_BYTES;
  const tooLarge = () => new AppError("payload_too_large", `The body is larger than ${max / 1024} KiB.`);
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > max) throw tooLarge();
  const text = await req.text();
  if (Buffer.byteLength(text) > max) throw tooLarge();
  if (!text.trim()) throw new AppError("bad_request", "A JSON body is required.");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The body is not valid JSON.");
  }
}

/** Query string as a plain object; repeated keys become arrays. */
export function searchParamsObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}
