import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { appendAudit } from "@/lib/audit";
import { authorize, type Actor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { AppError, parse } from "@/lib/errors";
import { logError } from "@/lib/log";

const PREFIX = "kw_pat_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export const ZCreateApiToken = z.strictObject({
  name: z.string().trim().min(1, "Give the token a name").max(100),
  expiresInDays: z.coerce.number().int().min(1).max(365).optional(),
});

/** Creates a personal API token; the token is returned once and only its hash is stored. */
export async function createApiToken(actor: Actor, input: unknown) {
  authorize(actor, "token:own");
  if (actor.kind !== "user" || !actor.id) throw new AppError("forbidden", "Only a signed-in person can create a personal token.");
  const data = parse(ZCreateApiToken, input);
  const token = PREFIX + randomBytes(32).toString("base64url");
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        userId: actor.id!,
        name: data.name,
        prefix: token.slice(0, PREFIX.length + 4),
        tokenHash: hashToken(token),
        expiresAt: data.expiresInDays ? new Date(Date.now() + data.expiresInDays * 86_400_000) : null,
      },
      select: { id: true, name: true, prefix: true, expiresAt: true, createdAt: true },
    });
    await appendAudit(tx, actor, { action: "api_token.create", targetType: "api_token", targetId: created.id, after: { name: created.name } });
    return created;
  });
  return { ...row, token };
}

export async function listApiTokens(actor: Actor) {
  authorize(actor, "token:own");
  if (!actor.id) return [];
  return db.apiToken.findMany({
    where: { userId: actor.id },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true },
  });
}

export async function revokeApiToken(actor: Actor, id: unknown) {
  authorize(actor, "token:own");
  const tokenId = parse(z.uuid(), id);
  await db.$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id: tokenId } });
    if (!row || row.userId !== actor.id) throw new AppError("not_found", "No such token.");
    if (row.revokedAt) return;
    await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } });
    await appendAudit(tx, actor, { action: "api_token.revoke", targetType: "api_token", targetId: tokenId, before: { name: row.name } });
  });
  forgetToken(tokenId);
}

type TTokenRow = NonNullable<Awaited<ReturnType<typeof findTokenByHash>>>;

function findTokenByHash(tokenHash: string) {
  return db.apiToken.findUnique({
    where: { tokenHash },
    include: { user: { include: { memberships: { select: { teamId: true } } } } },
  });
}

/**
 * Valid tokens are remembered per process for TOKEN_CACHE_MS, so an API client's requests do
 * not each pay a database round trip for authentication. The price, by design: revoking a token
 * (from another process), disabling its user or changing their role or teams takes effect
 * within TOKEN_CACHE_MS rather than at once. Expiry is checked on every request, and a
 * revocation in this process drops the entry immediately. Unknown tokens are never cached.
 */
export const TOKEN_CACHE_MS = 5_000;
const tokenCache = new Map<string, { at: number; row: TTokenRow }>();

function forgetToken(id: string) {
  for (const [hash, e] of tokenCache) if (e.row.id === id) tokenCache.delete(hash);
}

/** Resolves a bearer token to its user, or null when it is unknown, expired or revoked. */
export async function authenticateApiToken(token: string) {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  const hash = hashToken(token);
  const now = Date.now();
  const hit = tokenCache.get(hash);
  let row: TTokenRow | null;
  if (hit && now - hit.at < TOKEN_CACHE_MS) row = hit.row;
  else {
    row = await findTokenByHash(hash);
    if (!row || row.revokedAt || row.user.status !== "active") {
      tokenCache.delete(hash);
      return null;
    }
    if (tokenCache.size >= 1000) tokenCache.clear();
    tokenCache.set(hash, { at: now, row });
  }
  if (row.expiresAt && row.expiresAt.getTime() < now) return null;
  // Last-used is advisory: at most one write a minute per token, off the request's path.
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > 60_000) {
    row.lastUsedAt = new Date(now);
    db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: row.lastUsedAt } }).catch((e) => logError("api-token.last-used", e));
  }
  return row;
}
