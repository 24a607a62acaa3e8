// Keyward's web server: the Next.js console and API, with the workload read path answered
// first, straight from Node's http server. Workload reads are the one endpoint applications
// call at request rate; Next's router costs more than the read itself (a route that touches
// no database tops out near 1,100 req/s here), so GET /api/v1/secrets/value and Vault's
// GET /v1/secret/data/<path> with a workload token skip it. They run the very same code as
// the route handlers (lib/domain/vault/delivery.ts): token lookup, policy, decryption, audit.
// Everything else, people's reads with a grant included, goes to Next.
//
//   npm run serve -- [-p 3000] [-H 0.0.0.0]     (after `npm run build`; npm start and npm test run it)
//
// (Vault's LIST verb cannot reach any Node server: Node's HTTP parser refuses unknown methods
// with a 400 before application code runs. Vault's own Go client and CLI send GET ?list=true,
// which works; see README for a proxy rule for clients that send LIST.)
import { createServer } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import next from "next";
import { stampClientIp } from "./lib/client-ip";
import { serveWorkloadRead } from "./lib/domain/vault/lean-server";

const { values: args } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
  allowPositionals: false,
});
const port = Number(args.port ?? process.env.PORT ?? 3000);
const hostname = args.hostname ?? process.env.HOSTNAME ?? "0.0.0.0";
const dir = path.dirname(new URL(import.meta.url).pathname);

const app = next({ dev: false, dir, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

// The static headers next.config.ts gives /api and /v1 answers.
const apiHeaders = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
  "cross-origin-opener-policy": "same-origin",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
};

const server = createServer((req, res) => {
  // Before Next sees the request: its route handlers cannot see the socket (lib/client-ip.ts).
  stampClientIp(req);
  serveWorkloadRead(req, res, apiHeaders).then(
    (served) => (served ? undefined : handle(req, res)),
    (e: unknown) => {
      console.error("[server] workload read failed", e instanceof Error ? e.message : "unknown error");
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json", ...apiHeaders });
      res.end(JSON.stringify({ error: { code: "internal", message: "Something went wrong." } }));
    },
  );
});
server.keepAliveTimeout = 65_000; // longer than common load balancers' idle timeout

server.listen(port, hostname, () => console.log(`▲ Keyward listening on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`));

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
