import type { IncomingMessage, ServerResponse } from "node:http";
import { nodeHeader } from "@/lib/client-ip";
import { AppError, apiError, type TPlainResponse } from "@/lib/errors";
import { requestMetaOf } from "@/lib/request-meta";
import { serveKvRead, serveValueRead, vaultError, workloadTokenOf } from "./delivery";
import { authenticateWorkloadToken } from "./identities";

// Node http glue for server.ts: answers the two workload read endpoints when the request
// carries a workload token, and says "not mine" (false) for everything else so Next serves it.
// server.ts stamps the client address on every request first (lib/client-ip.ts), so both
// record the same one.

const VALUE_PATH = "/api/v1/secrets/value";
const KV_DATA_PREFIX = "/v1/secret/data/";

function send(res: ServerResponse, r: TPlainResponse, extra: Record<string, string>) {
  if (r.body === null) {
    res.writeHead(r.status, { ...extra, ...r.headers });
    res.end();
    return;
  }
  const body = JSON.stringify(r.body);
  res.writeHead(r.status, { ...extra, ...r.headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

export async function serveWorkloadRead(req: IncomingMessage, res: ServerResponse, extraHeaders: Record<string, string>): Promise<boolean> {
  if (req.method !== "GET" || !req.url) return false;
  const q = req.url.indexOf("?");
  const pathname = q < 0 ? req.url : req.url.slice(0, q);
  const isValue = pathname === VALUE_PATH;
  if (!isValue && !pathname.startsWith(KV_DATA_PREFIX)) return false;
  const get = nodeHeader(req);
  const token = workloadTokenOf(get);
  if (!token) return false; // people (session, personal token): Next's route resolves them
  const query = new URLSearchParams(q < 0 ? "" : req.url.slice(q + 1));

  const meta = requestMetaOf(get, req.socket.remoteAddress ?? null);
  let out: TPlainResponse;
  try {
    const { actor } = await authenticateWorkloadToken(token, meta);
    out = isValue
      ? await serveValueRead(actor, query, get)
      : await serveKvRead(actor, decodeKvPath(pathname.slice(KV_DATA_PREFIX.length)), query, meta.requestId);
  } catch (e) {
    out = isValue ? apiError(e, meta.requestId) : vaultError(e, meta.requestId);
  }
  send(res, out, extraHeaders);
  return true;
}

/** Path segments as Next decodes them for [...path]. */
function decodeKvPath(raw: string): string {
  return raw
    .split("/")
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        throw new AppError("bad_request", "The path is not valid URL encoding.");
      }
    })
    .join("/");
}
