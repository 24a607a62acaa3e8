import "server-only";
import { appendAudit } from "@/lib/audit";
import { authorize, type Actor } from "@/lib/authz/authorize";
import { db, type Tx } from "@/lib/db";
import { AppError, conflictOnUnique, parse } from "@/lib/errors";
import { hashPassword } from "@/lib/passwords";
import { userSelect, userView } from "./queries";
import { ZInviteUser, ZSetUserRole, ZSetUserTeams, ZUserId, ZUserUpdate, type TUserUpdate } from "./schemas";

const auditView = (u: ReturnType<typeof userView>) => ({
  email: u.email,
  name: u.name,
  role: u.role,
  status: u.status,
  teamIds: u.teams.map((t) => t.id).sort(),
});

async function assertTeams(tx: Tx, teamIds: string[]) {
  const unique = [...new Set(teamIds)];
  if (unique.length && (await tx.team.count({ where: { id: { in: unique } } })) !== unique.length)
    throw new AppError("validation_failed", "The input is not valid.", { teamIds: ["No such team"] });
}

/**
 * Keeps at least one active admin. Locks every active admin row, so two admins demoting each
 * other at the same moment cannot both succeed.
 */
export async function assertNotLastAdmin(tx: Tx, user: { id: string; role: string; status: string }) {
  if (user.role !== "admin" || user.status !== "active") return;
  const admins = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "User" WHERE role = 'admin' AND status = 'active' FOR UPDATE`;
  if (!admins.some((a) => a.id !== user.id))
    throw new AppError("conflict", "This is the last active admin. Make someone else an admin first.");
}

/**
 * Invites a person. Without a password the account is "invited" and becomes active on its first
 * single sign-on (see signInWithOidc); with a password (at least 12 characters) it is active at
 * once, for installations without SSO. The password is stored only as an Argon2id hash.
 */
export async function inviteUser(actor: Actor, input: unknown) {
  authorize(actor, "user:manage");
  const data = parse(ZInviteUser, input);
  const passwordHash = data.password ? await hashPassword(data.password) : null;
  const teamIds = [...new Set(data.teamIds)];
  return db
    .$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email: data.email }, select: { id: true } }))
        throw new AppError("conflict", "Someone with this email already has an account.", { email: ["Already has an account"] });
      await assertTeams(tx, teamIds);
      const row = await tx.user.create({
        data: {
          email: data.email,
          name: data.name,
          role: data.role,
          status: passwordHash ? "active" : "invited",
          passwordHash,
          memberships: { create: teamIds.map((teamId) => ({ teamId })) },
        },
        select: userSelect,
      });
      const user = userView(row);
      await appendAudit(tx, actor, { action: "user.invite", targetType: "user", targetId: user.id, after: { ...auditView(user), withPassword: !!passwordHash } });
      return user;
    })
    .catch(conflictOnUnique("Someone with this email already has an account.", { email: ["Already has an account"] }));
}

async function applyUpdate(actor: Actor, id: unknown, data: TUserUpdate, action: string) {
  authorize(actor, "user:manage");
  const userId = parse(ZUserId, id);
  return db.$transaction(async (tx) => {
    const row = await tx.user.findUnique({ where: { id: userId }, select: userSelect });
    if (!row) throw new AppError("not_found", "No such user.");
    const before = userView(row);
    const losesAdmin = (data.role !== undefined && data.role !== "admin") || data.status === "disabled";
    if (losesAdmin) await assertNotLastAdmin(tx, before);
    if (data.status === "disabled" && userId === actor.id) throw new AppError("conflict", "You cannot disable your own account.");
    if (data.teamIds) await assertTeams(tx, data.teamIds);
    await tx.user.update({
      where: { id: userId },
      data: {
        name: data.name,
        role: data.role,
        status: data.status,
        // A re-enabled person starts with a clean lockout counter.
        ...(data.status === "active" ? { failedLogins: 0, lockedUntil: null } : {}),
      },
    });
    if (data.teamIds) {
      const teamIds = [...new Set(data.teamIds)];
      await tx.teamMember.deleteMany({ where: { userId, teamId: { notIn: teamIds } } });
      await tx.teamMember.createMany({ data: teamIds.map((teamId) => ({ teamId, userId })), skipDuplicates: true });
    }
    const after = userView((await tx.user.findUnique({ where: { id: userId }, select: userSelect }))!);
    await appendAudit(tx, actor, { action, targetType: "user", targetId: userId, before: auditView(before), after: auditView(after) });
    return after;
  });
}

export async function setUserRole(actor: Actor, id: unknown, input: unknown) {
  authorize(actor, "user:manage");
  return applyUpdate(actor, id, parse(ZSetUserRole, input), "user.role.set");
}

export async function setUserTeams(actor: Actor, id: unknown, input: unknown) {
  authorize(actor, "user:manage");
  return applyUpdate(actor, id, parse(ZSetUserTeams, input), "user.teams.set");
}

/** Disabling keeps the row (the audit trail refers to it); sessions and tokens stop working at once. */
export async function disableUser(actor: Actor, id: unknown) {
  return applyUpdate(actor, id, { status: "disabled" }, "user.disable");
}

export async function enableUser(actor: Actor, id: unknown) {
  return applyUpdate(actor, id, { status: "active" }, "user.enable");
}

/** PATCH: several changes at once, one transaction, one audit event. */
export async function updateUser(actor: Actor, id: unknown, input: unknown) {
  authorize(actor, "user:manage");
  return applyUpdate(actor, id, parse(ZUserUpdate, input), "user.update");
}
