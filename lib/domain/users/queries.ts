import "server-only";
import { authorize, type Actor } from "@/lib/authz/authorize";
import { db, type Prisma } from "@/lib/db";
import { AppError, parse } from "@/lib/errors";
import { paging, withoutEmpty, type TPage } from "@/lib/list-query";
import { ZUserId, ZUserListQuery } from "./schemas";

// Never select passwordHash, failedLogins or lockedUntil for display.
export const userSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  status: true,
  ssoSubject: true,
  lastLoginAt: true,
  createdAt: true,
  memberships: { select: { team: { select: { id: true, name: true } } }, orderBy: { team: { name: "asc" } } },
} satisfies Prisma.UserSelect;

type Row = Prisma.UserGetPayload<{ select: typeof userSelect }>;
export function userView({ memberships, ssoSubject, ...u }: Row) {
  return { ...u, sso: ssoSubject !== null, teams: memberships.map((m) => m.team) };
}
export type TUserView = ReturnType<typeof userView>;

export async function listUsers(actor: Actor, input: unknown = {}) {
  authorize(actor, "user:read");
  const q = parse(ZUserListQuery, withoutEmpty(input));
  const where: Prisma.UserWhereInput = {
    ...(q.q ? { OR: [{ name: { contains: q.q, mode: "insensitive" } }, { email: { contains: q.q, mode: "insensitive" } }] } : {}),
    ...(q.role ? { role: q.role } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.teamId ? { memberships: { some: { teamId: q.teamId } } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.user.findMany({ where, orderBy: [{ [q.sort]: q.order }, { id: "asc" }], ...paging(q), select: userSelect }),
    db.user.count({ where }),
  ]);
  return { items: rows.map(userView), total, page: q.page, pageSize: q.pageSize } satisfies TPage<unknown>;
}

export async function getUser(actor: Actor, id: unknown) {
  authorize(actor, "user:read");
  const userId = parse(ZUserId, id);
  const row = await db.user.findUnique({ where: { id: userId }, select: userSelect });
  if (!row) throw new AppError("not_found", "No such user.");
  return userView(row);
}

/** Active and invited people, for member and manager pickers. */
export async function listUserOptions(actor: Actor) {
  authorize(actor, "user:read");
  return db.user.findMany({
    where: { status: { not: "disabled" } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, email: true },
    take: 2000,
  });
}
