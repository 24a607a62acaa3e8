import { submitUnsealShare } from "@/lib/domain/vault/seal";
import { readBody, requestMeta, vaultRoute } from "@/lib/domain/vault/http";

// PUT { key: "<share>" }: the share is the credential, as in Vault.
export const PUT = vaultRoute(async ({ req }) => {
  const s = await submitUnsealShare(await readBody(req), requestMeta(req));
  return { type: "shamir", sealed: s.sealed, progress: s.sharesGiven };
});
export const POST = PUT;
