// The client address audit events record, one policy for every path: the first X-Forwarded-For
// entry, else X-Real-IP (as a reverse proxy sets them), else the TCP peer. Next's route
// handlers cannot see the socket, and Next fills a missing X-Forwarded-For with the peer (which
// hides X-Real-IP), so server.ts resolves the address before Next sees the request and hands it
// on in CLIENT_IP_HEADER (stampClientIp), replacing any value a client sent.
import type { IncomingMessage } from "node:http";

export const CLIENT_IP_HEADER = "x-keyward-client-ip";

/** `get` reads a request header by name (lower case); `peer` is the socket's address when known. */
export function clientIpOf(get: (name: string) => string | null, peer?: string | null): string | null {
  return get(CLIENT_IP_HEADER) || get("x-forwarded-for")?.split(",")[0]?.trim() || get("x-real-ip") || peer || null;
}

/** A Node request's header by name (lower case); repeated headers joined as fetch's Headers does. */
export function nodeHeader(req: IncomingMessage) {
  return (name: string): string | null => {
    const v = req.headers[name];
    return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
  };
}

/** For server.ts, before anything reads the request: the client address in CLIENT_IP_HEADER, never the client's own value. */
export function stampClientIp(req: IncomingMessage): void {
  delete req.headers[CLIENT_IP_HEADER];
  const ip = clientIpOf(nodeHeader(req), req.socket.remoteAddress);
  if (ip) req.headers[CLIENT_IP_HEADER] = ip;
}
