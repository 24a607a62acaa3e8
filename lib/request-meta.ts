// What audit events record of the request behind an action, the same for every entry point:
// console pages and actions, API routes, and the lean delivery server.
import { randomUUID } from "node:crypto";
import { clientIpOf } from "@/lib/client-ip";

/** Reads a request header by name (lower case); null when absent. */
export type THeaderGet = (name: string) => string | null;

/** Client address (lib/client-ip.ts), user agent (at most 300 characters) and request id (a new one when the client sent none). */
export function requestMetaOf(get: THeaderGet, peer?: string | null): { ip: string | null; userAgent: string | null; requestId: string } {
  return {
    ip: clientIpOf(get, peer),
    userAgent: get("user-agent")?.slice(0, 300) ?? null,
    requestId: get("x-request-id") ?? randomUUID(),
  };
}
