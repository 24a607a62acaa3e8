import { z } from "zod";
import { deleteSecretAndVersions, listSecretKeys, secretMetadata, writeSecretMetadata } from "@/lib/domain/vault/service";
import { readBody, vaultCaller, vaultEnvelope, vaultRoute } from "@/lib/domain/vault/http";
import { AppError } from "@/lib/errors";

// Vault KV v2 metadata: versions and times, never values. POST writes custom metadata (kept as
// "key=value" tags); DELETE destroys every version and removes the secret. GET ?list=true lists keys under a prefix
// (Next route handlers cannot take Vault's LIST method; the Vault CLI and most SDKs send GET ?list=true).
type P = { path: string[] };

export const GET = vaultRoute<P>(async ({ req, params, url, requestId }) => {
  const actor = await vaultCaller(req);
  const path = params.path.join("/");
  if (url.searchParams.get("list") === "true") {
    return vaultEnvelope(requestId, { data: { keys: await listSecretKeys(actor, path) } });
  }
  const m = await secretMetadata(actor, { path });
  const live = m.versions;
  const versions = Object.fromEntries(
    live.map((v) => [String(v.version), { created_time: v.createdAt.toISOString(), deletion_time: v.deletedAt?.toISOString() ?? "", destroyed: !!v.destroyedAt }]),
  );
  const current = live.find((v) => v.stage === "current")?.version ?? live[0]?.version ?? 0;
  return vaultEnvelope(requestId, {
    data: {
      cas_required: false,
      created_time: m.createdAt.toISOString(),
      updated_time: (live[0]?.createdAt ?? m.updatedAt).toISOString(),
      current_version: current,
      oldest_version: live.length ? live[live.length - 1].version : 0,
      max_versions: 0,
      delete_version_after: "0s",
      custom_metadata: m.customMetadata,
      versions,
    },
  });
});

// Only custom_metadata is kept; the version limits Keyward does not have are accepted at their
// "off" values and refused otherwise, so a client never believes a limit is enforced.
const ZMetadataBody = z.strictObject({
  custom_metadata: z.record(z.string(), z.string()).optional(),
  max_versions: z.literal(0).optional(),
  cas_required: z.literal(false).optional(),
  delete_version_after: z.enum(["0s", "0"]).optional(),
});

async function write({ req, params }: { req: Request; params: P }) {
  const actor = await vaultCaller(req);
  const parsed = ZMetadataBody.safeParse(await readBody(req));
  if (!parsed.success) {
    throw new AppError("bad_request", "Keyward keeps custom_metadata only: max_versions, cas_required and delete_version_after are not supported (send 0, false, \"0s\" or leave them out).");
  }
  await writeSecretMetadata(actor, { path: params.path.join("/"), customMetadata: parsed.data.custom_metadata });
  return undefined;
}

export const POST = vaultRoute<P>(write);
export const PUT = vaultRoute<P>(write);

// Vault: "permanently deletes the key metadata and all version data".
export const DELETE = vaultRoute<P>(async ({ req, params }) => {
  await deleteSecretAndVersions(await vaultCaller(req), { path: params.path.join("/") });
  return undefined;
});
