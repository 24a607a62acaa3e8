import { sealStatus } from "@/lib/domain/vault/seal";
import { vaultRoute } from "@/lib/domain/vault/http";

export const GET = vaultRoute(async () => {
  const s = sealStatus();
  return { type: "shamir", initialized: true, sealed: s.sealed, progress: s.sharesGiven, version: "keyward", storage_type: "postgresql" };
});
