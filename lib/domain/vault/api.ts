import "server-only";
import { randomUUID } from "node:crypto";
import { errorResponse } from "@/lib/route";

/** Keyward API error body ({ error: { code, message } }) for the vault's own routes. */
export function apiErrorResponse(e: unknown, req: Request) {
  return errorResponse(e, req.headers.get("x-request-id") ?? randomUUID());
}
