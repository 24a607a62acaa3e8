import "server-only";
import { authorize, type Actor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { AppError, parse } from "@/lib/errors";
import { paging, withoutEmpty, type TPage } from "@/lib/list-query";
import { ZTeamId, ZTeamListQuery } from "./schemas";

const userRef = { select: { id: true, name: true, email: true } } as const;

export type TTeamSummary = Awaited<ReturnType<typeof listTeams>>["items"][number];

export async function listTeams(actor: Actor, input: unknown = {}) {
  authorize(actor, "team:read");
  const q = parse(ZTeamListQuery, withoutEmpty(input));
  const where = q.q
    ? { OR: (["name", "slug", "description"] as const).map((f) => ({ [f]: { contains: q.q, mode: "insensitive" as const } })) }
    : {};
  const [rows, total] = await Promise.all([
    db.team.findMany({
      where,
      orderBy: [{ [q.sort]: q.order }, { id: "asc" }],
      ...paging(q),
      include: { manager: userRef, _count: { select: { members: true, applications: true, secrets: true } } },
    }),
    db.team.count({ where }),
  ]);
  const items = rows.map(({ _count, managerId: _m, updatedAt: _u, ...t }) => ({
    ...t,
    memberCount: _count.members,
    applicationCount: _count.applications,
    secretCount: _count.secrets,
  }));
  return { items, total, page: q.page, pageSize: q.pageSize } satisfies TPage<unknown>;
}

/** Secrets nobody owns and applications without an owner team: the gaps to close first. */
export async function getOwnershipGaps(actor: Actor) {
  authorize(actor, "team:read");
  const [unownedSecrets, applicationsWithoutOwner, sample] = await Promise.all([
    db.secret.count({ where: { ownerTeamId: null } }),
    db.application.count({ where: { ownerTeamId: null } }),
    db.application.findMany({ where: { ownerTeamId: null }, orderBy: { name: "asc" }, take: 20, select: { id: true, name: true } }),
  ]);
  return { unownedSecrets, applicationsWithoutOwner, applicationsWithoutOwnerSample: sample };
}

export async function getTeam(actor: Actor, id: unknown) {
  authorize(actor, "team:read");
  const teamId = parse(ZTeamId, id);
  const team = await db.team.findUnique({
    where: { id: teamId },
    include: {
      manager: userRef,
      members: { include: { user: { select: { id: true, name: true, email: true, role: true, status: true } } }, orderBy: { createdAt: "asc" } },
      applications: { select: { id: true, name: true, slug: true, environments: true }, orderBy: { name: "asc" } },
      _count: { select: { members: true, applications: true, secrets: true } },
    },
  });
  if (!team) throw new AppError("not_found", "No such team.");
  const [byEnv, flagged, gaps] = await Promise.all([
    db.secret.groupBy({ by: ["environment"], where: { ownerTeamId: teamId }, _count: { _all: true } }),
    db.secret.count({ where: { ownerTeamId: teamId, NOT: { hygieneFlags: { isEmpty: true } } } }),
    getOwnershipGaps(actor),
  ]);
  const { _count, managerId: _m, updatedAt: _u, members, ...rest } = team;
  return {
    ...rest,
    memberCount: _count.members,
    applicationCount: _count.applications,
    secretCount: _count.secrets,
    members: members.map((m) => m.user),
    secrets: {
      total: _count.secrets,
      byEnvironment: Object.fromEntries(byEnv.map((r) => [r.environment, r._count._all])),
      withHygieneFlags: flagged,
    },
    gaps,
  };
}

/** Small id/name list for pickers (owner team selects). */
export async function listTeamOptions(actor: Actor) {
  authorize(actor, "team:read");
  return db.team.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true }, take: 1000 });
}
