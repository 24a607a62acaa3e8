import "server-only";
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import { appendAudit } from "@/lib/audit";
import { authorize, type Actor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { AppError, conflictOnUnique, parse } from "@/lib/errors";
import { enforceRateLimit } from "@/lib/rate-limit";
import { findTokenByHash } from "./queries";
import { ZClientLogin, ZCreateIdentity, ZJwtLogin } from "./schemas";
import { looksLikeWorkloadToken, newAccessor, newClientSecret, newWorkloadToken, sameHash, sha256 } from "./tokens";

// Workload identities (one per application and environment), their logins, and the
// short-lived access tokens they get.

const ZUuid = z.uuid();

export type TRequestMeta = { ip?: string | null; userAgent?: string | null; requestId?: string | null };

export type TWorkload = { identityId: string; name: string; tokenId: string; accessor: string; ownerTeamId: string | null; environment: string };

export async function createWorkloadIdentity(actor: Actor, input: unknown) {
  const data = parse(ZCreateIdentity, input);
  const app = await db.application.findUnique({ where: { id: data.applicationId } });
  if (!app) throw new AppError("not_found", "No such application.");
  authorize(actor, "vault:identity", app);
  if (data.tokenMaxTtlSeconds < data.tokenTtlSeconds) throw new AppError("validation_failed", "The input is not valid.", { tokenMaxTtlSeconds: ["Must be at least the TTL"] });
  if ((data.jwtIssuer || data.jwksUrl || data.jwtAudience) && !(data.jwtIssuer && data.jwksUrl && data.jwtAudience)) {
    throw new AppError("validation_failed", "The input is not valid.", { jwksUrl: ["JWT login needs issuer, JWKS URL and audience together"] });
  }
  const clientSecret = newClientSecret();
  const clientId = `kw-${app.slug}-${data.environment}-${newAccessor().slice(0, 8)}`;
  const row = await db.$transaction(async (tx) => {
    const created = await tx.workloadIdentity.create({
      data: {
        name: data.name ?? `${app.slug}-${data.environment}`,
        applicationId: app.id,
        environment: data.environment,
        clientId,
        clientSecretHash: sha256(clientSecret),
        clientSecretPrefix: clientSecret.slice(0, 10),
        jwtIssuer: data.jwtIssuer,
        jwksUrl: data.jwksUrl,
        jwtAudience: data.jwtAudience,
        jwtSubjects: data.jwtSubjects,
        tokenTtlSeconds: data.tokenTtlSeconds,
        tokenMaxTtlSeconds: data.tokenMaxTtlSeconds,
      },
    });
    await appendAudit(tx, actor, {
      action: "workload_identity.create",
      targetType: "workload_identity",
      targetId: created.id,
      after: { name: created.name, applicationId: app.id, environment: created.environment, jwtIssuer: created.jwtIssuer, jwtSubjects: created.jwtSubjects },
    });
    return created;
  }).catch(conflictOnUnique("This application already has an identity for that environment (or the name is taken)."));
  return { id: row.id, name: row.name, clientId, clientSecret };
}

/** Issues a new client secret (shown once); the old one stops working at once. */
export async function rotateClientSecret(actor: Actor, identityId: unknown) {
  const id = parse(ZUuid, identityId);
  const identity = await db.workloadIdentity.findUnique({ where: { id }, include: { application: true } });
  if (!identity) throw new AppError("not_found", "No such identity.");
  authorize(actor, "vault:identity", identity.application);
  const clientSecret = newClientSecret();
  await db.$transaction(async (tx) => {
    await tx.workloadIdentity.update({ where: { id }, data: { clientSecretHash: sha256(clientSecret), clientSecretPrefix: clientSecret.slice(0, 10) } });
    await appendAudit(tx, actor, { action: "workload_identity.rotate_secret", targetType: "workload_identity", targetId: id });
  });
  return { clientId: identity.clientId, clientSecret };
}

function loginActor(meta: TRequestMeta, label: string): Actor {
  return { kind: "workload", id: null, label, role: "workload", teamIds: [], ...meta };
}

async function issueToken(identity: { id: string; name: string; tokenTtlSeconds: number; tokenMaxTtlSeconds: number }, method: string, meta: TRequestMeta) {
  const token = newWorkloadToken();
  const accessor = newAccessor();
  const now = Date.now();
  const expiresAt = new Date(now + identity.tokenTtlSeconds * 1000);
  const maxExpiresAt = new Date(now + identity.tokenMaxTtlSeconds * 1000);
  const actor: Actor = { kind: "workload", id: identity.id, label: `workload:${identity.name}`, role: "workload", teamIds: [], ...meta };
  await db.$transaction(async (tx) => {
    const row = await tx.accessToken.create({
      data: { identityId: identity.id, tokenHash: sha256(token), accessor, authMethod: method, expiresAt, maxExpiresAt, lastIp: meta.ip ?? null },
    });
    await appendAudit(tx, actor, { action: "workload.login", targetType: "access_token", targetId: row.id, after: { method, accessor, expiresAt } });
  });
  return { token, accessor, expiresAt, ttlSeconds: identity.tokenTtlSeconds, maxExpiresAt, renewable: true, identity: identity.name };
}

async function refuseLogin(meta: TRequestMeta, label: string, reason: string, message = "Login failed: the credentials are not valid."): Promise<never> {
  await db.$transaction((tx) => appendAudit(tx, loginActor(meta, label), { action: "workload.login_denied", targetType: "workload_identity", after: { reason } }));
  throw new AppError("forbidden", message);
}

/** AppRole-style login: role_id is the client id, secret_id the client secret. */
export async function loginWithClientSecret(input: unknown, meta: TRequestMeta = {}) {
  const data = parse(ZClientLogin, input);
  await enforceRateLimit(`vault-login:ip:${meta.ip ?? "unknown"}`, 60, 60);
  await enforceRateLimit(`vault-login:client:${sha256(data.role_id).slice(0, 16)}`, 10, 60);
  const identity = await db.workloadIdentity.findUnique({ where: { clientId: data.role_id } });
  const presented = sha256(data.secret_id);
  if (!identity || !identity.clientSecretHash) return refuseLogin(meta, `client:${data.role_id.slice(0, 60)}`, "unknown client id");
  if (!sameHash(presented, identity.clientSecretHash)) return refuseLogin(meta, `workload:${identity.name}`, "wrong client secret");
  if (identity.disabledAt) return refuseLogin(meta, `workload:${identity.name}`, "identity disabled");
  return issueToken(identity, "client_secret", meta);
}

const jwksCache = new Map<string, JWTVerifyGetKey>();

/** JWT workload login: the token must verify against the identity's JWKS, issuer, audience and subject rules. */
export async function loginWithJwt(input: unknown, meta: TRequestMeta = {}) {
  const data = parse(ZJwtLogin, input);
  await enforceRateLimit(`vault-login:ip:${meta.ip ?? "unknown"}`, 60, 60);
  const identity = await db.workloadIdentity.findFirst({ where: { OR: [{ name: data.role }, { clientId: data.role }] } });
  if (!identity || !identity.jwksUrl || !identity.jwtIssuer || !identity.jwtAudience) {
    return refuseLogin(meta, `role:${data.role.slice(0, 60)}`, "no JWT login configured for this role");
  }
  if (identity.disabledAt) return refuseLogin(meta, `workload:${identity.name}`, "identity disabled");
  let jwks = jwksCache.get(identity.jwksUrl);
  if (!jwks) jwksCache.set(identity.jwksUrl, (jwks = createRemoteJWKSet(new URL(identity.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 })));
  let sub: string | undefined;
  try {
    const { payload } = await jwtVerify(data.jwt, jwks, { issuer: identity.jwtIssuer, audience: identity.jwtAudience, clockTolerance: 30 });
    sub = payload.sub;
  } catch (e) {
    return refuseLogin(meta, `workload:${identity.name}`, `jwt rejected: ${(e as { code?: string }).code ?? "invalid"}`, "Login failed: the JWT does not verify for this role.");
  }
  const allowed = !!sub && identity.jwtSubjects.some((rule) => (rule.endsWith("*") ? sub!.startsWith(rule.slice(0, -1)) : sub === rule));
  if (!allowed) return refuseLogin(meta, `workload:${identity.name}`, "subject not allowed", "Login failed: the JWT subject is not allowed for this role.");
  return issueToken(identity, "jwt", meta);
}

/**
 * Resolves a workload access token. Throws 401-style errors that say what is wrong (expired,
 * revoked) without revealing anything about other tokens.
 */
export async function authenticateWorkloadToken(token: string, meta: TRequestMeta = {}): Promise<{ actor: Actor; workload: TWorkload }> {
  if (!looksLikeWorkloadToken(token)) throw new AppError("unauthenticated", "The token is not valid.");
  // One round trip: token, identity and its application's team (every workload request runs this).
  const row = await findTokenByHash(sha256(token));
  if (!row) throw new AppError("unauthenticated", "The token is not valid.");
  if (row.revokedAt) throw new AppError("unauthenticated", "The token was revoked.");
  if (row.expiresAt.getTime() <= Date.now()) throw new AppError("unauthenticated", "The token expired: log in again.");
  if (row.disabledAt) throw new AppError("unauthenticated", "The identity is disabled.");
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    // Set on the (possibly cached, shared) row first, so concurrent reads do not all write it.
    row.lastUsedAt = new Date();
    await db.accessToken.update({ where: { id: row.id }, data: { lastUsedAt: row.lastUsedAt, lastIp: meta.ip ?? null } });
  }
  const ownerTeamId = row.ownerTeamId;
  const workload: TWorkload = { identityId: row.identityId, name: row.identityName, tokenId: row.id, accessor: row.accessor, ownerTeamId, environment: row.environment };
  const actor: Actor = {
    kind: "workload",
    id: row.identityId,
    label: `workload:${row.identityName}`,
    role: "workload",
    teamIds: ownerTeamId ? [ownerTeamId] : [],
    ...meta,
  };
  return { actor, workload };
}

/** Extends the token by its TTL (or `incrementSeconds`), never past its max TTL. */
export async function renewToken(token: string, incrementSeconds?: number, meta: TRequestMeta = {}) {
  const { actor, workload } = await authenticateWorkloadToken(token, meta);
  const row = await db.accessToken.findUniqueOrThrow({ where: { id: workload.tokenId }, include: { identity: true } });
  const inc = Math.min(Math.max(incrementSeconds ?? row.identity.tokenTtlSeconds, 60), row.identity.tokenTtlSeconds);
  const expiresAt = new Date(Math.min(Date.now() + inc * 1000, row.maxExpiresAt.getTime()));
  await db.$transaction(async (tx) => {
    await tx.accessToken.update({ where: { id: row.id }, data: { expiresAt, renewCount: { increment: 1 } } });
    await appendAudit(tx, actor, { action: "workload.token_renew", targetType: "access_token", targetId: row.id, after: { expiresAt } });
  });
  return { accessor: row.accessor, expiresAt, maxExpiresAt: row.maxExpiresAt, ttlSeconds: Math.max(0, Math.round((expiresAt.getTime() - Date.now()) / 1000)), identity: row.identity.name };
}

export async function lookupToken(token: string, meta: TRequestMeta = {}) {
  const { workload } = await authenticateWorkloadToken(token, meta);
  const row = await db.accessToken.findUniqueOrThrow({ where: { id: workload.tokenId } });
  return { accessor: row.accessor, identity: workload.name, identityId: workload.identityId, issuedAt: row.issuedAt, expiresAt: row.expiresAt, maxExpiresAt: row.maxExpiresAt, authMethod: row.authMethod, renewCount: row.renewCount };
}

export async function revokeOwnToken(token: string, meta: TRequestMeta = {}) {
  const { actor, workload } = await authenticateWorkloadToken(token, meta);
  await db.$transaction(async (tx) => {
    await tx.accessToken.update({ where: { id: workload.tokenId }, data: { revokedAt: new Date() } });
    await appendAudit(tx, actor, { action: "workload.token_revoke", targetType: "access_token", targetId: workload.tokenId });
  });
}

/** People revoke a workload token by its accessor (they never see the token). */
export async function revokeTokenByAccessor(actor: Actor, accessor: unknown) {
  const acc = parse(z.string().regex(/^[0-9a-f]{24}$/), accessor);
  const row = await db.accessToken.findUnique({ where: { accessor: acc }, include: { identity: { include: { application: true } } } });
  if (!row) throw new AppError("not_found", "No such token.");
  authorize(actor, "vault:identity", row.identity.application);
  if (row.revokedAt) return;
  await db.$transaction(async (tx) => {
    await tx.accessToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    await appendAudit(tx, actor, { action: "workload.token_revoke", targetType: "access_token", targetId: row.id, after: { accessor: acc } });
  });
}
