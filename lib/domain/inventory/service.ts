import "server-only";
import { appendAudit } from "@/lib/audit";
import { authorize, permits, teamFilter, type Actor } from "@/lib/authz/authorize";
import { db, type Tx } from "@/lib/db";
import { AppError, conflictOnUnique, parse } from "@/lib/errors";
import { csvLine } from "./csv";
import {
  findSecretDetail,
  iterateSecrets,
  querySecretPage,
  secretAuditEvents,
  type TSecretExportRow,
} from "./queries";
import {
  ZBulkUpdateSecrets,
  ZCreateSecret,
  ZSecretExportQuery,
  ZJobRunId,
  ZSecretId,
  ZSecretListQuery,
  ZUpdateSecret,
  isVaultKind,
} from "./schemas";

const DAY = 86_400_000;

// --- helpers

export function computeSecretPath(env: string, teamSlug: string | null | undefined, appSlug: string | null | undefined, name: string) {
  return `${env}/${teamSlug || "unowned"}/${appSlug || "shared"}/${name}`;
}

export function computeRotationDueAt(s: { rotationPeriodDays: number | null; lastRotatedAt: Date | null; createdAt: Date }): Date | null {
  if (!s.rotationPeriodDays) return null;
  return new Date((s.lastRotatedAt ?? s.createdAt).getTime() + s.rotationPeriodDays * DAY);
}

/** The same flags the hygiene job sets, recomputed on every write so the detail page is current. */
export function computeHygieneFlags(
  s: { ownerTeamId: string | null; rotationDueAt: Date | null; expiresAt: Date | null; lastUsedAt: Date | null },
  now = new Date(),
): string[] {
  const flags: string[] = [];
  if (!s.ownerTeamId) flags.push("unowned");
  if (s.rotationDueAt && s.rotationDueAt < now) flags.push("rotation_overdue");
  if (s.expiresAt && s.expiresAt < now) flags.push("expired");
  if (s.lastUsedAt && s.lastUsedAt.getTime() < now.getTime() - 90 * DAY) flags.push("unused_90d");
  return flags;
}

// What the audit trail keeps of a secret: metadata only (there is no value on this model).
const auditedFields = [
  "name", "path", "description", "type", "environment", "classification", "status", "ownerTeamId", "backendId",
  "externalRef", "vaulted", "dynamic", "rotationPeriodDays", "lastRotatedAt", "rotationDueAt", "expiresAt", "tags",
] as const;
type TAudited = Partial<Record<(typeof auditedFields)[number] | "applicationIds", unknown>>;

function snapshot(s: Record<string, unknown>, applicationIds: string[]): TAudited {
  const out: TAudited = {};
  for (const k of auditedFields) out[k] = s[k] ?? null;
  out.applicationIds = [...applicationIds].sort();
  return out;
}

function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v instanceof Date ? v.toISOString() : v ?? null);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

function diff(before: TAudited, after: TAudited) {
  const b: TAudited = {};
  const a: TAudited = {};
  for (const k of Object.keys(after) as Array<keyof TAudited>) {
    if (!same(before[k], after[k])) {
      b[k] = before[k] ?? null;
      a[k] = after[k] ?? null;
    }
  }
  return { before: b, after: a, changed: Object.keys(a).length > 0 };
}

async function requireBackend(tx: Tx, id: string) {
  const backend = await tx.backend.findUnique({ where: { id }, select: { id: true, kind: true } });
  if (!backend) throw new AppError("validation_failed", "The input is not valid.", { backendId: ["No such backend."] });
  return backend;
}

async function requireTeam(tx: Tx, id: string, field = "ownerTeamId") {
  const team = await tx.team.findUnique({ where: { id }, select: { id: true, slug: true } });
  if (!team) throw new AppError("validation_failed", "The input is not valid.", { [field]: ["No such team."] });
  return team;
}

/** The applications in the order given; unknown ids are a field error. */
async function requireApplications(tx: Tx, ids: string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const apps = await tx.application.findMany({ where: { id: { in: unique } }, select: { id: true, slug: true } });
  if (apps.length !== unique.length) {
    const known = new Set(apps.map((a) => a.id));
    const missing = unique.filter((id) => !known.has(id));
    throw new AppError("validation_failed", "The input is not valid.", { applicationIds: [`No such application: ${missing.join(", ")}.`] });
  }
  const byId = new Map(apps.map((a) => [a.id, a]));
  return unique.map((id) => byId.get(id)!);
}

const pathConflict = conflictOnUnique("A secret with this path already exists.", { path: ["A secret with this path already exists."] });

function withComputed<T extends { rotationDueAt: Date | null }>(row: T, now = new Date()) {
  return { ...row, overdue: row.rotationDueAt !== null && row.rotationDueAt < now };
}

// --- reads

/** One page of the inventory, narrowed to the actor's teams for team-scoped roles. */
export async function listSecrets(actor: Actor, input: unknown) {
  const teamIds = teamFilter(actor, "secret:read");
  const query = parse(ZSecretListQuery, input ?? {});
  const page = await querySecretPage(query, teamIds);
  const now = new Date();
  return { ...page, rows: page.rows.map((r) => withComputed(r, now)), query };
}

/** A secret with its owner, backend, consumers and its audit trail. Out of scope reads as not found. */
export async function getSecret(actor: Actor, id: unknown) {
  authorize(actor, "secret:read");
  const secretId = parse(ZSecretId, id);
  const secret = await findSecretDetail(secretId);
  if (!secret || !permits(actor, "secret:read", secret)) throw new AppError("not_found", "No such secret.");
  // Grant events are shown to those who may see who was granted this secret's values.
  const auditEvents = await secretAuditEvents(secretId, 100, { grants: permits(actor, "vault:grants_read", secret) });
  const { consumers, ...rest } = secret;
  return { ...withComputed(rest), consumers: consumers.map((c) => c.application), auditEvents };
}
export type TSecretDetail = Awaited<ReturnType<typeof getSecret>>;

/** Teams, backends and applications for filters and forms. */
export async function listInventoryOptions(actor: Actor) {
  authorize(actor, "secret:read");
  const [teams, backends, applications] = await Promise.all([
    db.team.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, slug: true } }),
    db.backend.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, kind: true } }),
    db.application.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, slug: true, ownerTeamId: true } }),
  ]);
  return { teams, backends, applications };
}

// --- writes

export async function createSecret(actor: Actor, input: unknown) {
  authorize(actor, "secret:create");
  const data = parse(ZCreateSecret, input);
  authorize(actor, "secret:create", { ownerTeamId: data.ownerTeamId ?? null });
  const id = await db
    .$transaction(async (tx) => {
      const backend = await requireBackend(tx, data.backendId);
      const team = data.ownerTeamId ? await requireTeam(tx, data.ownerTeamId) : null;
      const apps = await requireApplications(tx, data.applicationIds);
      const now = new Date();
      const lastRotatedAt = data.lastRotatedAt ?? null;
      const rotationPeriodDays = data.rotationPeriodDays ?? null;
      const rotationDueAt = computeRotationDueAt({ rotationPeriodDays, lastRotatedAt, createdAt: now });
      const expiresAt = data.expiresAt ?? null;
      const ownerTeamId = team?.id ?? null;
      const created = await tx.secret.create({
        data: {
          name: data.name,
          path: data.path ?? computeSecretPath(data.environment, team?.slug, apps[0]?.slug, data.name),
          description: data.description,
          type: data.type,
          environment: data.environment,
          classification: data.classification,
          status: data.status,
          ownerTeamId,
          backendId: backend.id,
          externalRef: data.externalRef ?? null,
          vaulted: isVaultKind(backend.kind),
          dynamic: data.dynamic,
          rotationPeriodDays,
          lastRotatedAt,
          rotationDueAt,
          expiresAt,
          tags: [...new Set(data.tags)],
          hygieneFlags: computeHygieneFlags({ ownerTeamId, rotationDueAt, expiresAt, lastUsedAt: null }, now),
          hygieneCheckedAt: now,
          createdAt: now,
          consumers: { create: apps.map((a) => ({ applicationId: a.id })) },
        },
      });
      await appendAudit(tx, actor, {
        action: "secret.create",
        targetType: "secret",
        targetId: created.id,
        after: snapshot(created, apps.map((a) => a.id)),
      });
      return created.id;
    })
    .catch(pathConflict);
  return getSecret(actor, id);
}

export async function updateSecret(actor: Actor, id: unknown, input: unknown) {
  authorize(actor, "secret:update");
  const secretId = parse(ZSecretId, id);
  const data = parse(ZUpdateSecret, input);
  await db
    .$transaction(async (tx) => {
      // Row lock: two edits of one secret apply one after the other, each audited against the last.
      await tx.$queryRaw`SELECT id FROM "Secret" WHERE id = ${secretId}::uuid FOR UPDATE`;
      const current = await tx.secret.findUnique({ where: { id: secretId }, include: { consumers: { select: { applicationId: true } } } });
      if (!current || !permits(actor, "secret:read", current)) throw new AppError("not_found", "No such secret.");
      authorize(actor, "secret:update", current);
      if (data.ownerTeamId !== undefined && data.ownerTeamId !== current.ownerTeamId) {
        // Moving a secret needs the right on the team it moves to as well.
        authorize(actor, "secret:update", { ownerTeamId: data.ownerTeamId });
        if (data.ownerTeamId) await requireTeam(tx, data.ownerTeamId);
      }
      const backend = data.backendId && data.backendId !== current.backendId ? await requireBackend(tx, data.backendId) : null;
      const apps = data.applicationIds ? await requireApplications(tx, data.applicationIds) : null;
      const now = new Date();

      const next = {
        name: data.name ?? current.name,
        path: data.path ?? current.path,
        description: data.description ?? current.description,
        type: data.type ?? current.type,
        environment: data.environment ?? current.environment,
        classification: data.classification ?? current.classification,
        status: data.status ?? current.status,
        ownerTeamId: data.ownerTeamId !== undefined ? data.ownerTeamId : current.ownerTeamId,
        backendId: backend?.id ?? current.backendId,
        externalRef: data.externalRef !== undefined ? data.externalRef : current.externalRef,
        vaulted: backend ? isVaultKind(backend.kind) : current.vaulted,
        dynamic: data.dynamic ?? current.dynamic,
        rotationPeriodDays: data.rotationPeriodDays !== undefined ? data.rotationPeriodDays : current.rotationPeriodDays,
        lastRotatedAt: data.lastRotatedAt !== undefined ? data.lastRotatedAt : current.lastRotatedAt,
        expiresAt: data.expiresAt !== undefined ? data.expiresAt : current.expiresAt,
        tags: data.tags ? [...new Set(data.tags)] : current.tags,
        rotationDueAt: null as Date | null,
      };
      next.rotationDueAt = computeRotationDueAt({ ...next, createdAt: current.createdAt });

      const beforeApps = current.consumers.map((c) => c.applicationId);
      const afterApps = apps ? apps.map((a) => a.id) : beforeApps;
      const change = diff(snapshot(current, beforeApps), snapshot(next, afterApps));
      if (!change.changed) return;

      await tx.secret.update({
        where: { id: secretId },
        data: {
          ...next,
          hygieneFlags: computeHygieneFlags({ ...next, lastUsedAt: current.lastUsedAt }, now),
          hygieneCheckedAt: now,
        },
      });
      if (apps && change.after.applicationIds !== undefined) {
        await tx.secretConsumer.deleteMany({ where: { secretId } });
        if (apps.length) await tx.secretConsumer.createMany({ data: apps.map((a) => ({ secretId, applicationId: a.id })) });
      }
      await appendAudit(tx, actor, { action: "secret.update", targetType: "secret", targetId: secretId, before: change.before, after: change.after });
    })
    .catch(pathConflict);
  return getSecret(actor, secretId);
}

export async function deleteSecret(actor: Actor, id: unknown): Promise<void> {
  authorize(actor, "secret:delete");
  const secretId = parse(ZSecretId, id);
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Secret" WHERE id = ${secretId}::uuid FOR UPDATE`;
    const current = await tx.secret.findUnique({ where: { id: secretId }, include: { consumers: { select: { applicationId: true } } } });
    if (!current || !permits(actor, "secret:read", current)) throw new AppError("not_found", "No such secret.");
    authorize(actor, "secret:delete", current);
    await tx.secret.delete({ where: { id: secretId } });
    await appendAudit(tx, actor, {
      action: "secret.delete",
      targetType: "secret",
      targetId: secretId,
      before: snapshot(current, current.consumers.map((c) => c.applicationId)),
    });
  });
}

/** Assigns an owner team and/or a classification to up to 1000 secrets: all or nothing. */
export async function bulkUpdateSecrets(actor: Actor, input: unknown) {
  authorize(actor, "secret:update");
  const data = parse(ZBulkUpdateSecrets, input);
  if (data.ownerTeamId !== undefined) authorize(actor, "secret:update", { ownerTeamId: data.ownerTeamId });
  const ids = [...new Set(data.ids)];
  return db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Secret" WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
      const rows = await tx.secret.findMany({
        where: { id: { in: ids } },
        select: { id: true, ownerTeamId: true, classification: true, rotationDueAt: true, expiresAt: true, lastUsedAt: true },
      });
      const visible = rows.filter((r) => permits(actor, "secret:read", r));
      if (visible.length !== ids.length) {
        const found = new Set(visible.map((r) => r.id));
        throw new AppError("not_found", "Some of the selected secrets do not exist.", { ids: ids.filter((i) => !found.has(i)).slice(0, 20) });
      }
      for (const r of visible) authorize(actor, "secret:update", r);
      if (data.ownerTeamId) await requireTeam(tx, data.ownerTeamId);

      const now = new Date();
      let updated = 0;
      for (const r of visible) {
        const before: TAudited = {};
        const after: TAudited = {};
        if (data.ownerTeamId !== undefined && data.ownerTeamId !== r.ownerTeamId) {
          before.ownerTeamId = r.ownerTeamId;
          after.ownerTeamId = data.ownerTeamId;
        }
        if (data.classification !== undefined && data.classification !== r.classification) {
          before.classification = r.classification;
          after.classification = data.classification;
        }
        if (Object.keys(after).length === 0) continue;
        const ownerTeamId = data.ownerTeamId !== undefined ? data.ownerTeamId : r.ownerTeamId;
        await tx.secret.update({
          where: { id: r.id },
          data: {
            ownerTeamId,
            classification: data.classification ?? r.classification,
            hygieneFlags: computeHygieneFlags({ ...r, ownerTeamId }, now),
            hygieneCheckedAt: now,
          },
        });
        await appendAudit(tx, actor, { action: "secret.bulk_update", targetType: "secret", targetId: r.id, before, after });
        updated++;
      }
      return { updated, selected: ids.length };
    },
    { timeout: 60_000 },
  );
}

// --- export

const exportHeader = [
  "id", "name", "path", "type", "environment", "classification", "status", "owner_team", "backend", "backend_kind",
  "external_ref", "vaulted", "dynamic", "rotation_period_days", "last_rotated_at", "rotation_due_at", "expires_at",
  "last_used_at", "created_at", "consumers", "tags", "hygiene_flags", "description",
];

function exportRow(s: TSecretExportRow): unknown[] {
  return [
    s.id, s.name, s.path, s.type, s.environment, s.classification, s.status, s.ownerTeam?.slug ?? "", s.backend.name,
    s.backend.kind, s.externalRef, s.vaulted, s.dynamic, s.rotationPeriodDays, s.lastRotatedAt, s.rotationDueAt,
    s.expiresAt, s.lastUsedAt, s.createdAt, s.consumers.map((c) => c.application.slug), s.tags, s.hygieneFlags, s.description,
  ];
}

/**
 * Every secret matching the filters (not only one page) as a CSV stream, in path order.
 * The export itself is audited with its filters.
 */
export async function exportSecretsCsv(actor: Actor, input: unknown) {
  const teamIds = teamFilter(actor, "secret:export");
  const filters = parse(ZSecretExportQuery, input ?? {});
  await db.$transaction((tx) => appendAudit(tx, actor, { action: "secret.export", targetType: "secret", targetId: null, after: { filters } }));
  const encoder = new TextEncoder();
  const batches = iterateSecrets(filters, teamIds);
  let headerSent = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLine(exportHeader)));
        return;
      }
      try {
        const next = await batches.next();
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(next.value.map((r) => csvLine(exportRow(r))).join("")));
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return { stream, filename: `keyward-secrets-${stamp}.csv` };
}

// --- jobs

/** A job run's progress for the UI's progress bar: the requester's own runs, or any with hygiene:run. */
export async function getJobRunProgress(actor: Actor, id: unknown) {
  const runId = parse(ZJobRunId, id);
  const run = await db.jobRun.findUnique({ where: { id: runId } });
  const own = run !== null && actor.id !== null && run.requestedById === actor.id;
  if (!run || (!own && !permits(actor, "hygiene:run"))) throw new AppError("not_found", "No such job.");
  return run;
}
