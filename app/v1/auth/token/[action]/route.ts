import { lookupToken, renewToken, revokeOwnToken } from "@/lib/domain/vault/identities";
import { presentedWorkloadToken, readBody, requestMeta, vaultEnvelope, vaultRoute } from "@/lib/domain/vault/http";
import { AppError } from "@/lib/errors";

// Vault token self-service: lookup-self, renew-self ({ increment }), revoke-self.
type P = { action: string };

function token(req: Request): string {
  const t = presentedWorkloadToken(req);
  if (!t) throw new AppError("unauthenticated", "missing client token");
  return t;
}

function seconds(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const m = /^(\d+)([smh]?)$/.exec(v);
    if (m) return Number(m[1]) * ({ "": 1, s: 1, m: 60, h: 3600 } as Record<string, number>)[m[2]];
  }
  return undefined;
}

async function handle({ req, params, requestId }: { req: Request; params: P; requestId: string }) {
  const meta = requestMeta(req);
  if (params.action === "lookup-self") {
    const t = await lookupToken(token(req), meta);
    return vaultEnvelope(requestId, {
      data: {
        accessor: t.accessor,
        display_name: t.identity,
        entity_id: t.identityId,
        expire_time: t.expiresAt.toISOString(),
        issue_time: t.issuedAt.toISOString(),
        ttl: Math.max(0, Math.round((t.expiresAt.getTime() - Date.now()) / 1000)),
        renewable: true,
        policies: ["default"],
        meta: { auth_method: t.authMethod },
      },
    });
  }
  if (params.action === "renew-self") {
    const body = req.headers.get("content-length") && req.headers.get("content-length") !== "0" ? ((await readBody(req)) as { increment?: unknown }) : {};
    const presented = token(req);
    const t = await renewToken(presented, seconds(body?.increment), meta);
    return vaultEnvelope(requestId, {
      auth: { client_token: presented, accessor: t.accessor, policies: ["default"], lease_duration: t.ttlSeconds, renewable: t.ttlSeconds > 0, metadata: { role_name: t.identity } },
    });
  }
  if (params.action === "revoke-self") {
    await revokeOwnToken(token(req), meta);
    return undefined;
  }
  throw new AppError("not_found", "unsupported path");
}

export const GET = vaultRoute<P>(handle);
export const POST = vaultRoute<P>(handle);
export const PUT = vaultRoute<P>(handle);
