import { serveKvRead } from "@/lib/domain/vault/delivery";
import { plainToNext } from "@/lib/route";
import { readBody, vaultCaller, vaultEnvelope, vaultRoute } from "@/lib/domain/vault/http";
import { deleteCurrentVersion, patchSecretValue, putSecretValue } from "@/lib/domain/vault/service";
import { AppError } from "@/lib/errors";
import { z } from "zod";

// Vault KV v2: /v1/secret/data/<path>. Read (?version=), write ({ data, options: { cas } }),
// patch (merge patch), delete (soft-deletes the current version).
type P = { path: string[] };

const ZWrite = z.strictObject({ data: z.record(z.string(), z.string()), options: z.strictObject({ cas: z.number().int().min(0).optional() }).optional() });

// Workload reads are usually answered by the lean delivery server (server.ts); both go through serveKvRead.
export const GET = vaultRoute<P>(async ({ req, params, url, requestId }) =>
  plainToNext(await serveKvRead(await vaultCaller(req), params.path.join("/"), url.searchParams, requestId)),
);

async function write({ req, params, requestId }: { req: Request; params: P; requestId: string }) {
  const actor = await vaultCaller(req);
  const parsed = ZWrite.safeParse(await readBody(req));
  if (!parsed.success) throw new AppError("bad_request", "no data provided or invalid body: expected { data: { key: string } }");
  const out = await putSecretValue(actor, { path: params.path.join("/"), data: parsed.data.data, cas: parsed.data.options?.cas }, "vault");
  return vaultEnvelope(requestId, { data: { created_time: out.createdAt.toISOString(), custom_metadata: null, deletion_time: "", destroyed: false, version: out.version } });
}

export const POST = vaultRoute<P>(write);
export const PUT = vaultRoute<P>(write);
const ZPatch = z.strictObject({
  data: z.record(z.string(), z.string().nullable()),
  options: z.strictObject({ cas: z.number().int().min(0).optional() }).optional(),
});

// Vault's patch: a JSON merge patch of the current data into a new version (null removes a key).
export const PATCH = vaultRoute<P>(async ({ req, params, requestId }) => {
  const actor = await vaultCaller(req);
  if ((req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase() !== "application/merge-patch+json") {
    return new Response(JSON.stringify({ errors: ["PATCH needs Content-Type: application/merge-patch+json"] }), {
      status: 415,
      headers: { "content-type": "application/json", "x-request-id": requestId },
    });
  }
  const parsed = ZPatch.safeParse(await readBody(req));
  if (!parsed.success) throw new AppError("bad_request", "invalid body: expected { data: { key: string or null } }");
  const out = await patchSecretValue(actor, { path: params.path.join("/"), data: parsed.data.data, cas: parsed.data.options?.cas }, "vault");
  return vaultEnvelope(requestId, { data: { created_time: out.createdAt.toISOString(), custom_metadata: null, deletion_time: "", destroyed: false, version: out.version } });
});

// Soft-deletes the version a read returns; deleting again changes nothing (as in Vault).
export const DELETE = vaultRoute<P>(async ({ req, params }) => {
  await deleteCurrentVersion(await vaultCaller(req), { path: params.path.join("/") });
  return undefined;
});
