// Serves the vault's real route handlers over plain Node HTTP (no Next server), so tests can
// drive them with real HTTP clients such as node-vault. Routing mirrors the app/ folders.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as value from "@/app/api/v1/secrets/value/route";
import * as data from "@/app/v1/secret/data/[...path]/route";
import * as metadata from "@/app/v1/secret/metadata/[...path]/route";
import * as op from "@/app/v1/secret/[op]/[...path]/route";
import * as approle from "@/app/v1/auth/approle/login/route";
import * as jwt from "@/app/v1/auth/jwt/login/route";
import * as token from "@/app/v1/auth/token/[action]/route";
import * as sealStatus from "@/app/v1/sys/seal-status/route";
import * as unseal from "@/app/v1/sys/unseal/route";

type Handler = (req: Request, ctx: { params: Promise<unknown> }) => Promise<Response>;
type Mod = Record<string, unknown>;
const routes: [RegExp, Mod, (m: RegExpMatchArray) => unknown][] = [
  [/^\/api\/v1\/secrets\/value$/, value, () => ({})],
  [/^\/v1\/secret\/data\/(.+)$/, data, (m) => ({ path: m[1].split("/") })],
  [/^\/v1\/secret\/metadata\/(.+)$/, metadata, (m) => ({ path: m[1].split("/") })],
  [/^\/v1\/secret\/([a-z]+)\/(.+)$/, op, (m) => ({ op: m[1], path: m[2].split("/") })],
  [/^\/v1\/auth\/approle\/login$/, approle, () => ({})],
  [/^\/v1\/auth\/jwt\/login$/, jwt, () => ({})],
  [/^\/v1\/auth\/token\/([a-z-]+)$/, token, (m) => ({ action: m[1] })],
  [/^\/v1\/sys\/seal-status$/, sealStatus, () => ({})],
  [/^\/v1\/sys\/unseal$/, unseal, () => ({})],
];

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startVaultHarness(): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    try {
      const u = new URL(req.url ?? "/", "http://127.0.0.1");
      const hit = routes.map(([re, mod, params]) => ({ m: u.pathname.match(re), mod, params })).find((r) => r.m);
      const handler = hit?.mod[req.method ?? "GET"] as Handler | undefined;
      if (!hit || !handler) {
        res.writeHead(hit ? 405 : 404, { "content-type": "application/json" });
        return res.end(JSON.stringify({ errors: [] }));
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      headers.set("x-forwarded-for", req.socket.remoteAddress ?? "127.0.0.1");
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
