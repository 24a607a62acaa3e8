import { NextResponse } from "next/server";
import { readBody, vaultCaller, vaultEnvelope, vaultRoute } from "@/lib/domain/vault/http";
import { putSecretValue, readSecretValue, softDeleteVersions, listVersions } from "@/lib/domain/vault/service";
import { AppError } from "@/lib/errors";
import { z } from "zod";

// Vault KV v2: /v1/secret/data/<path>. Read (?version=), write ({ data, options: { cas } }),
// delete (soft-deletes the latest version).
type P = { path: string[] };

const ZWrite = z.strictObject({ data: z.record(z.string(), z.string()), options: z.strictObject({ cas: z.number().int().min(0).optional() }).optional() });

export const GET = vaultRoute<P>(async ({ req, params, url, requestId }) => {
  const actor = await vaultCaller(req);
  const path = params.path.join("/");
  const version = url.searchParams.get("version");
  const r = await readSecretValue(actor, { path, ...(version && version !== "0" ? { version } : {}) }, "vault");
  if (r.notModified) throw new AppError("internal", "unexpected 304");
  return NextResponse.json(
    {
      ...vaultEnvelope(requestId, {
        data: { data: r.data, metadata: { created_time: r.createdAt.toISOString(), custom_metadata: null, deletion_time: "", destroyed: false, version: r.version } },
      }),
      mount_type: "kv",
    },
    { headers: { "cache-control": "no-store", etag: r.etag } },
  );
});

async function write({ req, params, requestId }: { req: Request; params: P; requestId: string }) {
  const actor = await vaultCaller(req);
  const parsed = ZWrite.safeParse(await readBody(req));
  if (!parsed.success) throw new AppError("bad_request", "no data provided or invalid body: expected { data: { key: string } }");
  const out = await putSecretValue(actor, { path: params.path.join("/"), data: parsed.data.data, cas: parsed.data.options?.cas }, "vault");
  return vaultEnvelope(requestId, { data: { created_time: out.createdAt.toISOString(), custom_metadata: null, deletion_time: "", destroyed: false, version: out.version } });
}

export const POST = vaultRoute<P>(write);
export const PUT = vaultRoute<P>(write);
export const PATCH = vaultRoute<P>(async () => {
  throw new AppError("bad_request", "PATCH is not supported by Keyward; write the whole data map.");
});

export const DELETE = vaultRoute<P>(async ({ req, params }) => {
  const actor = await vaultCaller(req);
  const path = params.path.join("/");
  const { versions } = await listVersions(actor, { path });
  const latest = versions.find((v) => !v.deletedAt && !v.destroyedAt);
  if (latest) await softDeleteVersions(actor, { path, versions: [latest.version] });
  return undefined;
});
