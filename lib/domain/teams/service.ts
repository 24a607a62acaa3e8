import "server-only";
import { appendAudit } from "@/lib/audit";
import { authorize, type Actor } from "@/lib/authz/authorize";
import { db, type Tx } from "@/lib/db";
import { AppError, conflictOnUnique, parse } from "@/lib/errors";
import { slugify } from "@/lib/list-query";
import { ZTeamCreate, ZTeamId, ZTeamUpdate } from "./schemas";

const auditView = (t: { name: string; slug: string; description: string; managerId: string | null }, memberIds: string[]) => ({
  name: t.name,
  slug: t.slug,
  description: t.description,
  managerId: t.managerId,
  memberIds: [...memberIds].sort(),
});

/** Refuses with a field error when a referenced user does not exist. */
async function assertUsers(tx: Tx, ids: string[], field: string) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = await tx.user.count({ where: { id: { in: unique } } });
  if (found !== unique.length) throw new AppError("validation_failed", "The input is not valid.", { [field]: ["No such user"] });
}

async function assertFree(tx: Tx, name: string | undefined, slug: string | undefined, exceptId?: string) {
  const fields: Record<string, string[]> = {};
  if (name && (await tx.team.findFirst({ where: { name, NOT: exceptId ? { id: exceptId } : undefined }, select: { id: true } })))
    fields.name = ["A team with this name already exists"];
  if (slug && (await tx.team.findFirst({ where: { slug, NOT: exceptId ? { id: exceptId } : undefined }, select: { id: true } })))
    fields.slug = ["A team with this slug already exists"];
  if (Object.keys(fields).length) throw new AppError("conflict", "The name or slug is already taken.", fields);
}

const conflictOnRace = conflictOnUnique("The name or slug is already taken.");

export async function createTeam(actor: Actor, input: unknown) {
  authorize(actor, "team:write");
  const data = parse(ZTeamCreate, input);
  const slug = data.slug ?? slugify(data.name);
  if (!slug) throw new AppError("validation_failed", "The input is not valid.", { slug: ["Give a slug of letters or digits"] });
  return db
    .$transaction(async (tx) => {
      await assertFree(tx, data.name, slug);
      await assertUsers(tx, data.managerId ? [data.managerId] : [], "managerId");
      await assertUsers(tx, data.memberIds, "memberIds");
      const team = await tx.team.create({
        data: {
          name: data.name,
          slug,
          description: data.description,
          managerId: data.managerId,
          members: { create: [...new Set(data.memberIds)].map((userId) => ({ userId })) },
        },
      });
      await appendAudit(tx, actor, { action: "team.create", targetType: "team", targetId: team.id, after: auditView(team, data.memberIds) });
      return team;
    })
    .catch(conflictOnRace);
}

export async function updateTeam(actor: Actor, id: unknown, input: unknown) {
  authorize(actor, "team:write");
  const teamId = parse(ZTeamId, id);
  const data = parse(ZTeamUpdate, input);
  return db
    .$transaction(async (tx) => {
      const before = await tx.team.findUnique({ where: { id: teamId }, include: { members: { select: { userId: true } } } });
      if (!before) throw new AppError("not_found", "No such team.");
      await assertFree(tx, data.name, data.slug, teamId);
      if (data.managerId) await assertUsers(tx, [data.managerId], "managerId");
      if (data.memberIds) await assertUsers(tx, data.memberIds, "memberIds");
      const team = await tx.team.update({
        where: { id: teamId },
        data: { name: data.name, slug: data.slug, description: data.description, managerId: data.managerId },
      });
      let memberIds = before.members.map((m) => m.userId);
      if (data.memberIds) {
        memberIds = [...new Set(data.memberIds)];
        await tx.teamMember.deleteMany({ where: { teamId, userId: { notIn: memberIds } } });
        await tx.teamMember.createMany({ data: memberIds.map((userId) => ({ teamId, userId })), skipDuplicates: true });
      }
      await appendAudit(tx, actor, {
        action: "team.update",
        targetType: "team",
        targetId: teamId,
        before: auditView(before, before.members.map((m) => m.userId)),
        after: auditView(team, memberIds),
      });
      return team;
    })
    .catch(conflictOnRace);
}

/** Refuses while the team still owns applications or secrets: deleting it would orphan them. */
export async function deleteTeam(actor: Actor, id: unknown) {
  authorize(actor, "team:write");
  const teamId = parse(ZTeamId, id);
  await db.$transaction(async (tx) => {
    const team = await tx.team.findUnique({
      where: { id: teamId },
      include: { members: { select: { userId: true } }, _count: { select: { applications: true, secrets: true } } },
    });
    if (!team) throw new AppError("not_found", "No such team.");
    const { applications, secrets } = team._count;
    if (applications || secrets) {
      throw new AppError(
        "conflict",
        `Team “${team.name}” still owns ${applications} application(s) and ${secrets} secret(s). Move them to another team first, so they do not become unowned.`,
      );
    }
    await tx.team.delete({ where: { id: teamId } });
    await appendAudit(tx, actor, { action: "team.delete", targetType: "team", targetId: teamId, before: auditView(team, team.members.map((m) => m.userId)) });
  });
}
