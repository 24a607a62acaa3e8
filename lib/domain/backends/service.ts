import "server-only";
import { appendAudit } from "@/lib/audit";
import { authorize, type Actor } from "@/lib/authz/authorize";
import { db, type Tx } from "@/lib/db";
import { AppError, conflictOnUnique, fieldErrors, isForeignKeyViolation, parse } from "@/lib/errors";
import { backendConfigSchemas, ZBackendCreate, ZBackendId, ZBackendUpdate, type TBackendKind } from "./schemas";

const auditView = (b: { name: string; kind: string; description: string; config: unknown }) => ({
  name: b.name,
  kind: b.kind,
  description: b.description,
  config: b.config, // non-secret by construction: the per-kind schemas admit no credentials
});

async function assertFree(tx: Tx, name: string | undefined, exceptId?: string) {
  if (name && (await tx.backend.findFirst({ where: { name, NOT: exceptId ? { id: exceptId } : undefined }, select: { id: true } })))
    throw new AppError("conflict", "The name is already taken.", { name: ["A backend with this name already exists"] });
}

const conflictOnRace = conflictOnUnique("The name is already taken.", { name: ["A backend with this name already exists"] });

function parseConfig(kind: TBackendKind, config: unknown) {
  const res = backendConfigSchemas[kind].safeParse(config);
  if (!res.success) {
    const fields = Object.fromEntries(Object.entries(fieldErrors(res.error)).map(([k, v]) => [k === "_" ? "config" : `config.${k}`, v]));
    throw new AppError("validation_failed", "The input is not valid.", fields);
  }
  return res.data as Record<string, unknown>;
}

export async function createBackend(actor: Actor, input: unknown) {
  authorize(actor, "backend:write");
  const data = parse(ZBackendCreate, input);
  return db
    .$transaction(async (tx) => {
      await assertFree(tx, data.name);
      const row = await tx.backend.create({ data: { name: data.name, kind: data.kind, description: data.description, config: data.config } });
      await appendAudit(tx, actor, { action: "backend.create", targetType: "backend", targetId: row.id, after: auditView(row) });
      return row;
    })
    .catch(conflictOnRace);
}

export async function updateBackend(actor: Actor, id: unknown, input: unknown) {
  authorize(actor, "backend:write");
  const backendId = parse(ZBackendId, id);
  const data = parse(ZBackendUpdate, input);
  return db
    .$transaction(async (tx) => {
      const before = await tx.backend.findUnique({ where: { id: backendId } });
      if (!before) throw new AppError("not_found", "No such backend.");
      const config = data.config === undefined ? undefined : parseConfig(before.kind, data.config);
      await assertFree(tx, data.name, backendId);
      const row = await tx.backend.update({ where: { id: backendId }, data: { name: data.name, description: data.description, config: config as object | undefined } });
      await appendAudit(tx, actor, { action: "backend.update", targetType: "backend", targetId: backendId, before: auditView(before), after: auditView(row) });
      return row;
    })
    .catch(conflictOnRace);
}

/** Refuses while secrets still live in the backend (the schema restricts it too; this says why). */
export async function deleteBackend(actor: Actor, id: unknown) {
  authorize(actor, "backend:write");
  const backendId = parse(ZBackendId, id);
  await db.$transaction(async (tx) => {
    const row = await tx.backend.findUnique({ where: { id: backendId }, include: { _count: { select: { secrets: true } } } });
    if (!row) throw new AppError("not_found", "No such backend.");
    if (row._count.secrets > 0) {
      throw new AppError(
        "conflict",
        `Backend “${row.name}” still holds ${row._count.secrets} secret(s). Move them to another backend or delete them first.`,
      );
    }
    await tx.backend.delete({ where: { id: backendId } });
    await appendAudit(tx, actor, { action: "backend.delete", targetType: "backend", targetId: backendId, before: auditView(row) });
  }).catch((e) => {
    // A secret created in the meantime: the foreign key refuses, and so do we.
    if (isForeignKeyViolation(e)) throw new AppError("conflict", "The backend still holds secrets. Move them first.");
    throw e;
  });
}

/**
 * The id of Keyward's own vault backend, created on first use. Runs outside any transaction and
 * as an upsert: two first writes at once (two processes) would otherwise both try to create it
 * and one would fail on the unique name.
 */
export async function ensureKeywardBackend(): Promise<string> {
  const existing = await db.backend.findFirst({ where: { kind: "keyward" }, orderBy: { createdAt: "asc" }, select: { id: true } });
  if (existing) return existing.id;
  const row = await db.backend.upsert({
    where: { name: "Keyward vault" },
    create: { name: "Keyward vault", kind: "keyward", description: "Values stored and encrypted by Keyward" },
    update: {},
    select: { id: true },
  });
  return row.id;
}
