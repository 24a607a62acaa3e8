import "server-only";
import { z } from "zod";
import { authorize, permits, teamFilter, type Actor } from "@/lib/authz/authorize";
import { valueReadPermission, writeOnlyOnProd } from "@/lib/authz/permissions";
import { db } from "@/lib/db";
import { AppError, parse } from "@/lib/errors";
import type { Prisma } from "@/generated/prisma/client";
import { listQuery, paging, withoutEmpty, type TPage } from "@/lib/list-query";
import { createGrant, selfGrantsAllowed } from "./access";
import { matches } from "./policy";
import { grantDurations, grantStatuses, ZIssueSecretGrant } from "./schemas";

// Grants as the console shows and issues them: who may read which secret's values, until when,
// why, and who said so. Never values.

export const MAX_GRANT_MINUTES = () => Number(process.env.KEYWARD_VAULT_MAX_GRANT_MINUTES ?? 24 * 60);

export type TGrantStatus = (typeof grantStatuses)[number];

export type TGrantView = {
  id: string;
  principalType: "user" | "team" | "identity";
  principalLabel: string;
  /** The person, when the grant is to one (the console marks "you"). */
  userId: string | null;
  secretId: string | null;
  secretPath: string | null;
  pathPattern: string | null;
  capabilities: string[];
  source: string;
  reason: string;
  grantedAt: Date;
  grantedBy: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  status: TGrantStatus;
};

/** A grant as the browser gets it: dates as ISO strings, and whether it is the viewer's own. */
export function grantForBrowser(g: TGrantView, viewerId: string | null) {
  return {
    ...g,
    mine: g.userId !== null && g.userId === viewerId,
    grantedAt: g.grantedAt.toISOString(),
    expiresAt: g.expiresAt?.toISOString() ?? null,
    lastUsedAt: g.lastUsedAt?.toISOString() ?? null,
    revokedAt: g.revokedAt?.toISOString() ?? null,
  };
}

const GRANT_SELECT = {
  id: true,
  principalType: true,
  userId: true,
  secretId: true,
  pathPattern: true,
  capabilities: true,
  source: true,
  reason: true,
  grantedById: true,
  grantedAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  user: { select: { email: true } },
  team: { select: { name: true } },
  identity: { select: { name: true } },
  secret: { select: { path: true } },
} satisfies Prisma.GrantSelect;

type TGrantRow = Prisma.GrantGetPayload<{ select: typeof GRANT_SELECT }>;

const activeWhere = (now: Date): Prisma.GrantWhereInput => ({ revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] });

function statusOf(g: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): TGrantStatus {
  if (g.revokedAt) return "revoked";
  return g.expiresAt && g.expiresAt <= now ? "expired" : "active";
}

/** grantedById holds a person's id (or nothing for the system): show their email. */
async function toViews(rows: TGrantRow[], now = new Date()): Promise<TGrantView[]> {
  const ids = [...new Set(rows.map((r) => r.grantedById).filter((x): x is string => !!x && z.uuid().safeParse(x).success))];
  const people = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } }) : [];
  const email = new Map(people.map((p) => [p.id, p.email]));
  return rows.map((r) => ({
    id: r.id,
    principalType: r.principalType,
    principalLabel: r.user?.email ?? r.team?.name ?? r.identity?.name ?? "—",
    userId: r.userId,
    secretId: r.secretId,
    secretPath: r.secret?.path ?? null,
    pathPattern: r.pathPattern,
    capabilities: r.capabilities,
    source: r.source,
    reason: r.reason,
    grantedAt: r.grantedAt,
    grantedBy: r.grantedById ? (email.get(r.grantedById) ?? r.grantedById) : "system",
    expiresAt: r.expiresAt,
    lastUsedAt: r.lastUsedAt,
    revokedAt: r.revokedAt,
    status: statusOf(r, now),
  }));
}

/**
 * The active grants that cover one secret (on the secret itself or by a path pattern). People
 * who manage grants, or may read them (auditors, managers of the owner team), see all of them;
 * everyone else who may see the secret sees only their own (to them or to one of their teams),
 * so they know whether a read would be allowed. `manage` alone shows issue and revoke controls.
 */
export async function listSecretGrants(actor: Actor, secretId: unknown) {
  const id = parse(z.uuid(), secretId);
  const secret = await db.secret.findUnique({ where: { id }, select: { id: true, path: true, ownerTeamId: true } });
  if (!secret) throw new AppError("not_found", "No such secret.");
  authorize(actor, "secret:read", secret);
  const manage = permits(actor, "vault:policy", secret);
  const seeAll = manage || permits(actor, "vault:grants_read", secret);
  const now = new Date();
  const own: Prisma.GrantWhereInput = {
    OR: [...(actor.id && actor.kind !== "workload" ? [{ userId: actor.id }] : []), ...(actor.teamIds.length ? [{ teamId: { in: actor.teamIds } }] : []), { id: { in: [] } }],
  };
  const rows = await db.grant.findMany({
    where: { AND: [activeWhere(now), { OR: [{ secretId: id }, { pathPattern: { not: null } }] }, ...(seeAll ? [] : [own])] },
    orderBy: { grantedAt: "desc" },
    take: 1000,
    select: GRANT_SELECT,
  });
  const covering = rows.filter((r) => r.secretId === id || (r.pathPattern !== null && matches(r.pathPattern, secret.path)));
  return { manage, all: seeAll, grants: await toViews(covering, now) };
}

/**
 * The people a grant on this secret would help: active accounts whose role may read its values
 * (prod needs value_read_prod) in scope of its owner team. Developers never read prod back, so
 * they are not offered; nor is the caller, who may not grant themselves (the two-person rule).
 */
export async function grantCandidates(actor: Actor, secretId: unknown) {
  const id = parse(z.uuid(), secretId);
  const secret = await db.secret.findUnique({ where: { id }, select: { environment: true, ownerTeamId: true } });
  if (!secret) throw new AppError("not_found", "No such secret.");
  authorize(actor, "vault:policy", secret);
  const users = await db.user.findMany({
    where: { status: "active" },
    orderBy: { email: "asc" },
    take: 5000,
    select: { id: true, email: true, name: true, role: true, memberships: { select: { teamId: true } } },
  });
  return users
    .filter((u) => (u.id !== actor.id || selfGrantsAllowed()) && roleMayRead(u.role, secret, u.memberships.map((m) => m.teamId)))
    .map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role }));
}

function roleMayRead(role: string, secret: { environment: string; ownerTeamId: string | null }, teamIds: string[]): boolean {
  return permits({ role, teamIds }, valueReadPermission(secret.environment), secret);
}

/**
 * The console's "Issue grant": one person may read one secret's values for a while (at most
 * MAX_GRANT_MINUTES), for a stated reason. Refused when the person's role could not read the
 * value anyway, so a grant never looks like access it does not give, and when the person is the
 * issuer (403, audited): another member of security must issue it.
 */
export async function issueSecretGrant(actor: Actor, input: unknown) {
  const data = parse(ZIssueSecretGrant, input);
  const secret = await db.secret.findUnique({ where: { id: data.secretId }, select: { id: true, environment: true, ownerTeamId: true } });
  if (!secret) throw new AppError("not_found", "No such secret.");
  authorize(actor, "vault:policy", secret);
  const user = await db.user.findUnique({ where: { id: data.userId }, select: { email: true, role: true, status: true, memberships: { select: { teamId: true } } } });
  if (!user) throw new AppError("validation_failed", "The input is not valid.", { userId: ["No such person"] });
  if (user.status !== "active") throw new AppError("validation_failed", "The input is not valid.", { userId: [`${user.email} is ${user.status}`] });
  if (!roleMayRead(user.role, secret, user.memberships.map((m) => m.teamId))) {
    const why =
      secret.environment === "prod" && writeOnlyOnProd(user.role)
        ? `${user.email} is a ${user.role}: that role may write prod values but never read them back, grant or not`
        : `${user.email}'s role (${user.role}) may not read this secret's values, so a grant would not let them`;
    throw new AppError("validation_failed", "The input is not valid.", { userId: [why] });
  }
  const minutes = Math.min(grantDurations[data.duration], MAX_GRANT_MINUTES());
  // the two-person rule is createGrant's, reported against the form's person field
  return createGrant(
    actor,
    { principalType: "user", principalId: data.userId, secretId: secret.id, capabilities: ["read"], reason: data.reason, expiresAt: new Date(Date.now() + minutes * 60_000), source: "manual" },
    { principalField: "userId" },
  );
}

const sorts = ["grantedAt", "expiresAt", "lastUsedAt"] as const;
export const ZGrantListQuery = listQuery(sorts, {
  status: z.enum(grantStatuses).optional(),
  principalType: z.enum(["user", "team", "identity"]).optional(),
  source: z.enum(["policy", "request", "break_glass", "manual"]).optional(),
  secretId: z.uuid().optional(),
  order: z.enum(["asc", "desc"]).default("desc"),
});

/**
 * Every grant, newest first by default: who, what, until when, why, by whom, last used. A
 * read-only view (vault:grants_read: auditors' evidence); revoking needs vault:policy. With a
 * team scope (managers) only grants on their teams' secrets: path-pattern grants belong to no team.
 */
export async function listGrants(actor: Actor, query: unknown): Promise<TPage<TGrantView>> {
  const teams = teamFilter(actor, "vault:grants_read");
  const q = parse(ZGrantListQuery, withoutEmpty(query));
  const now = new Date();
  const status: Prisma.GrantWhereInput =
    q.status === "active" ? activeWhere(now) : q.status === "revoked" ? { revokedAt: { not: null } } : q.status === "expired" ? { revokedAt: null, expiresAt: { lte: now } } : {};
  const search: Prisma.GrantWhereInput = q.q
    ? {
        OR: [
          { secret: { path: { contains: q.q, mode: "insensitive" } } },
          { pathPattern: { contains: q.q, mode: "insensitive" } },
          { user: { email: { contains: q.q, mode: "insensitive" } } },
          { team: { name: { contains: q.q, mode: "insensitive" } } },
          { identity: { name: { contains: q.q, mode: "insensitive" } } },
          { reason: { contains: q.q, mode: "insensitive" } },
        ],
      }
    : {};
  const where: Prisma.GrantWhereInput = {
    AND: [teams ? { secret: { ownerTeamId: { in: teams } } } : {}, status, search, q.principalType ? { principalType: q.principalType } : {}, q.source ? { source: q.source } : {}, q.secretId ? { secretId: q.secretId } : {}],
  };
  const order = q.order;
  const [rows, total] = await Promise.all([
    db.grant.findMany({ where, orderBy: [q.sort === "grantedAt" ? { grantedAt: order } : { [q.sort]: { sort: order, nulls: "last" } }, { id: "asc" }], ...paging(q), select: GRANT_SELECT }),
    db.grant.count({ where }),
  ]);
  return { items: await toViews(rows, now), total, page: q.page, pageSize: q.pageSize };
}
