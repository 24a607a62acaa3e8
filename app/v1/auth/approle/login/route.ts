import { loginWithClientSecret } from "@/lib/domain/vault/identities";
import { readBody, requestMeta, vaultEnvelope, vaultRoute } from "@/lib/domain/vault/http";
import { vaultAuth } from "@/lib/domain/vault/vault-auth";

// AppRole login: role_id = the identity's client id, secret_id = its client secret.
export const POST = vaultRoute(async ({ req, requestId }) => {
  const out = await loginWithClientSecret(await readBody(req), requestMeta(req));
  return vaultEnvelope(requestId, { auth: vaultAuth(out) });
});
export const PUT = POST;
