// Serves real route handlers over plain Node HTTP (no Next server), so tests can drive them with
// real HTTP clients: the keyward CLI, node-vault. Each route is a path pattern, the route
// module, and how its params come out of the match (mirroring the app/ folders).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { stampClientIp } from "@/lib/client-ip";

type Handler = (req: Request, ctx: { params: Promise<unknown> }) => Promise<Response>;
type Mod = Record<string, unknown>;
export type TRoute = [RegExp, Mod, (m: RegExpMatchArray) => unknown];

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startRouteHarness(routes: TRoute[]): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    try {
      const u = new URL(req.url ?? "/", "http://127.0.0.1");
      const hit = routes.map(([re, mod, params]) => ({ m: u.pathname.match(re), mod, params })).find((r) => r.m);
      const handler = hit?.mod[req.method ?? "GET"] as Handler | undefined;
      if (!hit || !handler) {
        res.writeHead(hit ? 405 : 404, { "content-type": "application/json" });
        return res.end(JSON.stringify({ errors: [] }));
      }
      // As server.ts hands a request to Next: the client address stamped first; then, as Next's
      // base server does, a missing X-Forwarded-For filled with the socket's peer.
      stampClientIp(req);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      if (!headers.has("x-forwarded-for")) headers.set("x-forwarded-for", req.socket.remoteAddress ?? "127.0.0.1");
      const b = req.method === "GET" || req.method === "HEAD" ? undefined : await body(req);
      const request = new Request(u.toString().replace("http://127.0.0.1", `http://${req.headers.host}`), { method: req.method, headers, body: b ? new Uint8Array(b) : undefined });
      const response = await handler(request, { params: Promise.resolve(hit.params(hit.m!)) });
      const out = Buffer.from(await response.arrayBuffer());
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      res.end(out);
    } catch (e) {
      res.writeHead(500);
      res.end(String(e));
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, server, close: () => new Promise<void>((r) => server.close(() => r())) };
}
