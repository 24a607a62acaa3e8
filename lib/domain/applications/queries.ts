import "server-only";
import { authorize, type Actor } from "@/lib/authz/authorize";
import { scopeOf } from "@/lib/authz/permissions";
import { db, type Prisma } from "@/lib/db";
import { AppError, parse } from "@/lib/errors";
import { paging, withoutEmpty, type TPage } from "@/lib/list-query";
import { ZApplicationId, ZApplicationListQuery, environments } from "./schemas";

const teamRef = { select: { id: true, name: true } } as const;

export type TApplicationSummary = Awaited<ReturnType<typeof listApplications>>["items"][number];

export async function listApplications(actor: Actor, input: unknown = {}) {
  authorize(actor, "application:read");
  const q = parse(ZApplicationListQuery, withoutEmpty(input));
  const where: Prisma.ApplicationWhereInput = {
    ...(q.q ? { OR: (["name", "slug", "description"] as const).map((f) => ({ [f]: { contains: q.q, mode: "insensitive" as const } })) } : {}),
    ...(q.ownerTeamId ? { ownerTeamId: q.ownerTeamId } : {}),
    ...(q.unowned === true ? { ownerTeamId: null } : q.unowned === false ? { NOT: { ownerTeamId: null } } : {}),
    ...(q.environment ? { environments: { has: q.environment } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.application.findMany({
      where,
      orderBy: [{ [q.sort]: q.order }, { id: "asc" }],
      ...paging(q),
      include: { ownerTeam: teamRef, _count: { select: { consumes: true } } },
    }),
    db.application.count({ where }),
  ]);
  const items = rows.map(({ _count, ownerTeamId: _o, updatedAt: _u, ...a }) => ({ ...a, consumedSecretCount: _count.consumes }));
  return { items, total, page: q.page, pageSize: q.pageSize } satisfies TPage<unknown>;
}

/** The application and what it consumes, by environment, limited to secrets the caller may see. */
export async function getApplication(actor: Actor, id: unknown) {
  authorize(actor, "application:read");
  const appId = parse(ZApplicationId, id);
  const app = await db.application.findUnique({
    where: { id: appId },
    include: { ownerTeam: teamRef, _count: { select: { consumes: true } } },
  });
  if (!app) throw new AppError("not_found", "No such application.");
  const scope = scopeOf(actor.role, "secret:read");
  const visible: Prisma.SecretWhereInput =
    scope === "all" ? {} : scope === "team" ? { ownerTeamId: { in: actor.teamIds } } : { id: { in: [] } };
  const secrets = await db.secret.findMany({
    where: { consumers: { some: { applicationId: appId } }, ...visible },
    orderBy: [{ environment: "asc" }, { name: "asc" }],
    take: 1000,
    select: { id: true, name: true, path: true, type: true, classification: true, status: true, environment: true, ownerTeam: teamRef },
  });
  const consumes = Object.fromEntries(environments.map((e) => [e, [] as Omit<(typeof secrets)[number], "environment">[]]));
  for (const { environment, ...s } of secrets) consumes[environment].push(s);
  const { _count, ownerTeamId: _o, updatedAt: _u, ...rest } = app;
  return {
    ...rest,
    consumedSecretCount: _count.consumes,
    consumes: consumes as Record<(typeof environments)[number], Omit<(typeof secrets)[number], "environment">[]>,
    hiddenSecretCount: _count.consumes - secrets.length,
  };
}

/** For permission checks by callers that hold only an id (edit pages). */
export async function getApplicationOwner(id: string) {
  return db.application.findUnique({ where: { id }, select: { ownerTeamId: true } });
}
