import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth";
import type { Actor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { authenticateApiToken } from "@/lib/domain/tokens/service";
import { requestMetaOf } from "@/lib/request-meta";

export type SessionUser = { id: string; email: string; name: string; role: string; teamIds: string[] };

function metaFrom(h: Headers) {
  return requestMetaOf((n) => h.get(n));
}

/** The signed-in person, loaded fresh so role and team changes apply at once. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await db.user.findUnique({ where: { id }, include: { memberships: { select: { teamId: true } } } });
  if (!user || user.status !== "active") return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, teamIds: user.memberships.map((m) => m.teamId) };
});

/** For pages and server actions: the signed-in actor, or null. */
export const getActor = cache(async (): Promise<Actor | null> => {
  const user = await getSessionUser();
  if (!user) return null;
  return { kind: "user", id: user.id, label: user.email, role: user.role, teamIds: user.teamIds, ...metaFrom(await headers()) };
});

export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new AppError("unauthenticated", "Sign in to continue.");
  return actor;
}

/** For API routes: a personal API token (Authorization: Bearer kw_pat_...) or the session. */
export async function getRequestActor(req: Request): Promise<Actor> {
  const auth = req.headers.get("authorization");
  if (auth) {
    const [scheme, token] = auth.split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token) throw new AppError("unauthenticated", "Use Authorization: Bearer <token>.");
    const row = await authenticateApiToken(token);
    if (!row) throw new AppError("unauthenticated", "The API token is unknown, expired or revoked.");
    return {
      kind: "token",
      id: row.user.id,
      label: `${row.user.email} (token ${row.prefix}…)`,
      role: row.user.role,
      teamIds: row.user.memberships.map((m) => m.teamId),
      // From the request itself, so route handlers also work outside Next's request scope (tests).
      ...metaFrom(req.headers),
    };
  }
  // Without a cookie there can be no session: answer 401 without touching the session store.
  if (!req.headers.get("cookie")) throw new AppError("unauthenticated", "Sign in, or send Authorization: Bearer <token>.");
  return requireActor();
}
