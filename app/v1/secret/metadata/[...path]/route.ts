import { listSecretKeys, secretMetadata } from "@/lib/domain/vault/service";
import { vaultCaller, vaultEnvelope, vaultRoute } from "@/lib/domain/vault/http";

// Vault KV v2 metadata: versions and times, never values. GET ?list=true lists keys under a prefix
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
      custom_metadata: null,
      versions,
    },
  });
});
