import { loginWithJwt } from "@/lib/domain/vault/identities";
import { readBody, requestMeta, vaultEnvelope, vaultRoute } from "@/lib/domain/vault/http";
import { vaultAuth } from "@/lib/domain/vault/vault-auth";

// JWT/OIDC workload login: { role: <identity name or client id>, jwt }.
export const POST = vaultRoute(async ({ req, requestId }) => {
  const out = await loginWithJwt(await readBody(req), requestMeta(req));
  return vaultEnvelope(requestId, { auth: vaultAuth(out) });
});
export const PUT = POST;
