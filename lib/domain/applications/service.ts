import "server-only";
import { appendAudit } from "@/lib/audit";
import { authorize, type Actor } from "@/lib/authz/authorize";
import { db, type Tx } from "@/lib/db";
import { AppError, conflictOnUnique, parse } from "@/lib/errors";
import { slugify } from "@/lib/list-query";
import { ZApplicationCreate, ZApplicationId, ZApplicationUpdate } from "./schemas";

const auditView = (a: { name: string; slug: string; description: string; ownerTeamId: string | null; environments: string[] }) => ({
  name: a.name,
  slug: a.slug,
  description: a.description,
  ownerTeamId: a.ownerTeamId,
  environments: a.environments,
});

async function assertTeam(tx: Tx, teamId: string | null | undefined) {
  if (!teamId) return;
  if (!(await tx.team.findUnique({ where: { id: teamId }, select: { id: true } })))
    throw new AppError("validation_failed", "The input is not valid.", { ownerTeamId: ["No such team"] });
}

async function assertFree(tx: Tx, name: string | undefined, slug: string | undefined, exceptId?: string) {
  const fields: Record<string, string[]> = {};
  const not = exceptId ? { id: exceptId } : undefined;
  if (name && (await tx.application.findFirst({ where: { name, NOT: not }, select: { id: true } })))
    fields.name = ["An application with this name already exists"];
  if (slug && (await tx.application.findFirst({ where: { slug, NOT: not }, select: { id: true } })))
    fields.slug = ["An application with this slug already exists"];
  if (Object.keys(fields).length) throw new AppError("conflict", "The name or slug is already taken.", fields);
}

const conflictOnRace = conflictOnUnique("The name or slug is already taken.");

/** App owners may create applications only for their own teams (so never unowned ones). */
export async function createApplication(actor: Actor, input: unknown) {
  authorize(actor, "application:write");
  const data = parse(ZApplicationCreate, input);
  authorize(actor, "application:write", { ownerTeamId: data.ownerTeamId });
  const slug = data.slug ?? slugify(data.name);
  if (!slug) throw new AppError("validation_failed", "The input is not valid.", { slug: ["Give a slug of letters or digits"] });
  return db
    .$transaction(async (tx) => {
      await assertFree(tx, data.name, slug);
      await assertTeam(tx, data.ownerTeamId);
      const app = await tx.application.create({ data: { ...data, slug } });
      await appendAudit(tx, actor, { action: "application.create", targetType: "application", targetId: app.id, after: auditView(app) });
      return app;
    })
    .catch(conflictOnRace);
}

export async function updateApplication(actor: Actor, id: unknown, input: unknown) {
  authorize(actor, "application:write");
  const appId = parse(ZApplicationId, id);
  const data = parse(ZApplicationUpdate, input);
  return db
    .$transaction(async (tx) => {
      const before = await tx.application.findUnique({ where: { id: appId } });
      if (!before) throw new AppError("not_found", "No such application.");
      authorize(actor, "application:write", before);
      // Handing an application to another team needs the right on that team too.
      if (data.ownerTeamId !== undefined) authorize(actor, "application:write", { ownerTeamId: data.ownerTeamId });
      await assertFree(tx, data.name, data.slug, appId);
      await assertTeam(tx, data.ownerTeamId);
      const app = await tx.application.update({ where: { id: appId }, data });
      await appendAudit(tx, actor, { action: "application.update", targetType: "application", targetId: appId, before: auditView(before), after: auditView(app) });
      return app;
    })
    .catch(conflictOnRace);
}

/** Refuses while the application is recorded as consuming secrets, so no consumer link vanishes silently. */
export async function deleteApplication(actor: Actor, id: unknown) {
  authorize(actor, "application:write");
  const appId = parse(ZApplicationId, id);
  await db.$transaction(async (tx) => {
    const app = await tx.application.findUnique({ where: { id: appId }, include: { _count: { select: { consumes: true } } } });
    if (!app) throw new AppError("not_found", "No such application.");
    authorize(actor, "application:write", app);
    if (app._count.consumes > 0) {
      throw new AppError(
        "conflict",
        `Application “${app.name}” still consumes ${app._count.consumes} secret(s). Remove it from those secrets' consumers in the inventory first.`,
      );
    }
    await tx.application.delete({ where: { id: appId } });
    await appendAudit(tx, actor, { action: "application.delete", targetType: "application", targetId: appId, before: auditView(app) });
  });
}
