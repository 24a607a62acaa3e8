import "server-only";
import { ensureKeywardBackend } from "@/lib/domain/backends/service";
import { appendAudit } from "@/lib/audit";
import { authorize, permits, systemActor, teamFilter, type Actor } from "@/lib/authz/authorize";
import { db, type Tx } from "@/lib/db";
import { AppError, conflictOnUnique, parse } from "@/lib/errors";
import { connectors, connectorSchemas } from "@/lib/connectors/registry";
import { createSecret } from "@/lib/domain/inventory/service";
import { putSecretValue, readSecretValue } from "@/lib/domain/vault/service";
import type { Prisma } from "@/generated/prisma/client";
import {
  ZConnectorCreate,
  ZConnectorId,
  ZConnectorListQuery,
  ZConnectorUpdate,
  ZFindingId,
  ZFindingListQuery,
  ZIngestFindings,
  ZMigrateFindings,
  ZTriageFindings,
  type TConnectorKind,
  type TFindingSeverity,
  type TIngestFinding,
} from "./schemas";

// Discovery use cases: connectors (config in the row, credentials in the vault), runs (a JobRun
// plus a queued job), findings (one per fingerprint, many locations), triage and migration.

const SEVERITY_RANK: Record<TFindingSeverity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

// --- connectors -------------------------------------------------------------------------------

const connectorSelect = {
  id: true, kind: true, name: true, description: true, config: true, credentialsPath: true, ownerTeamId: true,
  backendId: true, schedule: true, enabled: true, lastRunAt: true, lastStatus: true, lastError: true, lastJobRunId: true,
  createdAt: true, updatedAt: true,
  ownerTeam: { select: { id: true, name: true, slug: true } },
  backend: { select: { id: true, name: true, kind: true } },
} as const;

function parseConfig(kind: TConnectorKind, config: unknown) {
  const res = connectorSchemas[kind].config.safeParse(config ?? {});
  if (!res.success) {
    const fields: Record<string, string[]> = {};
    for (const i of res.error.issues) (fields[["config", ...i.path].join(".")] ??= []).push(i.message);
    throw new AppError("validation_failed", "The connector's settings are not valid.", fields);
  }
  return res.data as Record<string, unknown>;
}

function parseCredentials(kind: TConnectorKind, creds: unknown) {
  const schema = connectorSchemas[kind].credentials;
  if (!schema) throw new AppError("validation_failed", "The input is not valid.", { credentials: [`A ${kind} connector takes no credentials.`] });
  const res = schema.safeParse(creds);
  if (!res.success) {
    const fields: Record<string, string[]> = {};
    for (const i of res.error.issues) (fields[["credentials", ...i.path].join(".")] ??= []).push(i.message);
    throw new AppError("validation_failed", "The connector's credentials are not valid.", fields);
  }
  return res.data as Record<string, string>;
}


/**
 * Connector credentials live in the Keyward vault as a highly-sensitive prod secret; the
 * connector keeps only the path. Written by the system actor: the person configuring the
 * connector needs connector:write, not a vault grant.
 */
async function storeCredentials(connector: { id: string; ownerTeamId: string | null; credentialsPath: string | null }, creds: Record<string, string>) {
  const sys = systemActor("discovery");
  let path = connector.credentialsPath;
  if (!path) {
    path = `prod/connectors/${connector.id}/credentials`;
    const exists = await db.secret.findUnique({ where: { path }, select: { id: true } });
    if (!exists) {
      await createSecret(sys, {
        name: `connector-${connector.id.slice(0, 8)}-credentials`,
        path,
        description: "Credentials of a discovery connector (read by the discovery worker only).",
        type: "password",
        environment: "prod",
        classification: "highly_sensitive",
        ownerTeamId: connector.ownerTeamId,
        backendId: await ensureKeywardBackend(),
        tags: ["connector-credentials"],
      });
    }
  }
  await putSecretValue(sys, { path, data: creds }, "api");
  return path;
}

/** The decrypted credentials for a run (system actor; the read is audited by the vault). */
export async function readConnectorCredentials(credentialsPath: string | null): Promise<Record<string, string> | null> {
  if (!credentialsPath) return null;
  const r = await readSecretValue(systemActor("discovery"), { path: credentialsPath }, "api");
  return r.notModified ? null : r.data;
}

function connectorSnapshot(c: { kind: string; name: string; description: string; config: unknown; credentialsPath: string | null; ownerTeamId: string | null; backendId: string | null; schedule: string | null; enabled: boolean }) {
  return {
    kind: c.kind, name: c.name, description: c.description, config: c.config, credentialsPath: c.credentialsPath,
    ownerTeamId: c.ownerTeamId, backendId: c.backendId, schedule: c.schedule, enabled: c.enabled,
  };
}

const nameConflict = conflictOnUnique("A connector with this name already exists.", { name: ["A connector with this name already exists."] });

async function checkRefs(tx: Tx, ownerTeamId: string | null | undefined, backendId: string | null | undefined) {
  if (ownerTeamId && !(await tx.team.findUnique({ where: { id: ownerTeamId }, select: { id: true } })))
    throw new AppError("validation_failed", "The input is not valid.", { ownerTeamId: ["No such team."] });
  if (backendId && !(await tx.backend.findUnique({ where: { id: backendId }, select: { id: true } })))
    throw new AppError("validation_failed", "The input is not valid.", { backendId: ["No such backend."] });
}

async function afterScheduleChange(id: string) {
  // Schedules are BullMQ job schedulers; keep them in step with the row (best effort: a worker
  // also re-installs every connector's schedule when it starts).
  const { syncConnectorSchedule } = await import("./schedules");
  await syncConnectorSchedule(id);
}

export async function createConnector(actor: Actor, input: unknown) {
  authorize(actor, "connector:write");
  const data = parse(ZConnectorCreate, input);
  const config = parseConfig(data.kind, data.config);
  const creds = data.credentials !== undefined ? parseCredentials(data.kind, data.credentials) : null;
  const created = await db
    .$transaction(async (tx) => {
      await checkRefs(tx, data.ownerTeamId, data.backendId);
      const row = await tx.connector.create({
        data: {
          kind: data.kind, name: data.name, description: data.description, config: config as Prisma.InputJsonValue,
          ownerTeamId: data.ownerTeamId, backendId: data.backendId, schedule: data.schedule, enabled: data.enabled,
        },
      });
      await appendAudit(tx, actor, { action: "connector.create", targetType: "connector", targetId: row.id, after: connectorSnapshot(row) });
      return row;
    })
    .catch(nameConflict);
  if (creds && Object.keys(creds).length) {
    const path = await storeCredentials(created, creds);
    await db.$transaction(async (tx) => {
      await tx.connector.update({ where: { id: created.id }, data: { credentialsPath: path } });
      await appendAudit(tx, actor, { action: "connector.credentials_set", targetType: "connector", targetId: created.id, after: { credentialsPath: path } });
    });
  }
  if (created.schedule) await afterScheduleChange(created.id);
  return getConnector(actor, created.id);
}

export async function updateConnector(actor: Actor, id: unknown, input: unknown) {
  authorize(actor, "connector:write");
  const connectorId = parse(ZConnectorId, id);
  const data = parse(ZConnectorUpdate, input);
  const current = await db.connector.findUnique({ where: { id: connectorId } });
  if (!current) throw new AppError("not_found", "No such connector.");
  const kind = current.kind as TConnectorKind;
  const config = data.config !== undefined ? parseConfig(kind, data.config) : undefined;
  const creds = data.credentials !== undefined ? parseCredentials(kind, data.credentials) : null;
  let credentialsPath = current.credentialsPath;
  if (creds && Object.keys(creds).length) credentialsPath = await storeCredentials(current, creds);
  await db
    .$transaction(async (tx) => {
      await checkRefs(tx, data.ownerTeamId, data.backendId);
      const row = await tx.connector.update({
        where: { id: connectorId },
        data: {
          name: data.name, description: data.description, config: config as Prisma.InputJsonValue | undefined,
          ownerTeamId: data.ownerTeamId, backendId: data.backendId, schedule: data.schedule, enabled: data.enabled, credentialsPath,
        },
      });
      const before = connectorSnapshot(current);
      const after = connectorSnapshot(row);
      const changed = Object.keys(after).filter((k) => JSON.stringify(before[k as keyof typeof before]) !== JSON.stringify(after[k as keyof typeof after]));
      await appendAudit(tx, actor, {
        action: "connector.update",
        targetType: "connector",
        targetId: connectorId,
        before: Object.fromEntries(changed.map((k) => [k, before[k as keyof typeof before]])),
        after: { ...Object.fromEntries(changed.map((k) => [k, after[k as keyof typeof after]])), ...(creds ? { credentialsReplaced: true } : {}) },
      });
    })
    .catch(nameConflict);
  if (data.schedule !== undefined || data.enabled !== undefined) await afterScheduleChange(connectorId);
  return getConnector(actor, connectorId);
}

/** Deletes the connector and its runs and accounts; findings and certificates stay (their locations lose the link). */
export async function deleteConnector(actor: Actor, id: unknown): Promise<void> {
  authorize(actor, "connector:write");
  const connectorId = parse(ZConnectorId, id);
  await db.$transaction(async (tx) => {
    const current = await tx.connector.findUnique({ where: { id: connectorId } });
    if (!current) throw new AppError("not_found", "No such connector.");
    await tx.connector.delete({ where: { id: connectorId } });
    await appendAudit(tx, actor, { action: "connector.delete", targetType: "connector", targetId: connectorId, before: connectorSnapshot(current) });
  });
  await afterScheduleChange(connectorId);
}

export async function listConnectors(actor: Actor, input: unknown = {}) {
  authorize(actor, "connector:read");
  const q = parse(ZConnectorListQuery, input ?? {});
  const where = q.kind?.length ? { kind: { in: q.kind } } : {};
  const [items, total] = await Promise.all([
    db.connector.findMany({ where, orderBy: { name: "asc" }, skip: (q.page - 1) * q.pageSize, take: q.pageSize, select: connectorSelect }),
    db.connector.count({ where }),
  ]);
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export async function getConnector(actor: Actor, id: unknown) {
  authorize(actor, "connector:read");
  const connectorId = parse(ZConnectorId, id);
  const row = await db.connector.findUnique({
    where: { id: connectorId },
    select: {
      ...connectorSelect,
      runs: { orderBy: { createdAt: "desc" }, take: 10, select: { id: true, jobRunId: true, status: true, stats: true, errors: true, createdAt: true, startedAt: true, finishedAt: true } },
      _count: { select: { locations: true, certificates: true, accounts: true } },
    },
  });
  if (!row) throw new AppError("not_found", "No such connector.");
  return row;
}
export type TConnectorDetail = Awaited<ReturnType<typeof getConnector>>;

/** Tries the connector's source with its stored settings and credentials; changes nothing. */
export async function testConnector(actor: Actor, id: unknown) {
  authorize(actor, "connector:write");
  const connectorId = parse(ZConnectorId, id);
  const c = await db.connector.findUnique({ where: { id: connectorId } });
  if (!c) throw new AppError("not_found", "No such connector.");
  const def = connectors[c.kind as TConnectorKind];
  const config = parseConfig(c.kind as TConnectorKind, c.config);
  const creds = await readConnectorCredentials(c.credentialsPath);
  try {
    return await def.test(config as never, creds as never);
  } catch (e) {
    return { ok: false, message: (e as Error).message.slice(0, 500) };
  }
}

/** Queues a run: a JobRun the UI polls, a DiscoveryRun row, then the job itself. */
export async function requestDiscoveryRun(actor: Actor, id: unknown, opts: { enqueue?: boolean } = {}) {
  authorize(actor, "connector:write");
  const connectorId = parse(ZConnectorId, id);
  const { jobRun, run } = await db.$transaction(async (tx) => {
    const c = await tx.connector.findUnique({ where: { id: connectorId }, select: { id: true, name: true } });
    if (!c) throw new AppError("not_found", "No such connector.");
    const jobRun = await tx.jobRun.create({ data: { kind: "discovery.run", requestedById: actor.id, message: `queued: ${c.name}` } });
    const run = await tx.discoveryRun.create({ data: { connectorId, jobRunId: jobRun.id, requestedById: actor.id } });
    await tx.connector.update({ where: { id: connectorId }, data: { lastJobRunId: jobRun.id, lastStatus: "queued" } });
    await appendAudit(tx, actor, { action: "discovery.run_request", targetType: "connector", targetId: connectorId, after: { jobRunId: jobRun.id } });
    return { jobRun, run };
  });
  if (opts.enqueue !== false) {
    const { enqueue } = await import("@/lib/jobs/queue");
    // One attempt: a failed scan is reported on the connector; the next run (or "run now") retries.
    await enqueue("discovery.run", { connectorId, jobRunId: jobRun.id }, { jobId: `discovery.run.${jobRun.id}`, attempts: 1 });
  }
  return { jobRunId: jobRun.id, runId: run.id, status: jobRun.status };
}

// --- findings: ingest -------------------------------------------------------------------------

/** "@acme/payments", "@payments", "payments@example.com" -> candidate team slugs. */
function ownerSlugs(owner: string): string[] {
  const o = owner.trim().toLowerCase();
  if (o.startsWith("@")) {
    const parts = o.slice(1).split("/");
    return [parts[parts.length - 1]!];
  }
  if (o.includes("@")) return [o.split("@")[0]!];
  return [o];
}

/** An emergency rotation a compromise requested: its JobRun, and the job's payload (ids only). */
export type TEmergencyRotation = { secretId: string; findingId: string; jobRunId: string };

type TIngestResult = {
  created: number;
  seen: number;
  locations: number;
  reopened: number;
  compromised: string[];
  /** One per secret in `compromised`; queued unless `enqueue: false`. */
  emergencyRotations: TEmergencyRotation[];
  findingIds: string[];
};

/**
 * Records a batch of findings in one transaction with its audit event: one finding per
 * fingerprint (created, or seen again with its new locations), owners from CODEOWNERS when the
 * scanned repository has one, else the connector's team. A fingerprint that matches the current
 * value of a secret Keyward stores makes the finding critical, marks the secret compromised and
 * queues an emergency rotation.
 */
export async function ingestFindings(actor: Actor, input: unknown, opts: TRecordOptions = {}): Promise<TIngestResult> {
  authorize(actor, "connector:write");
  const data = parse(ZIngestFindings, input);
  if (data.findings.length === 0) return { created: 0, seen: 0, locations: 0, reopened: 0, compromised: [], emergencyRotations: [], findingIds: [] };
  const connector = data.connectorId
    ? await db.connector.findUnique({ where: { id: data.connectorId }, select: { id: true, ownerTeamId: true } })
    : null;
  if (data.connectorId && !connector) throw new AppError("not_found", "No such connector.");
  return recordFindings(
    actor,
    {
      findings: data.findings,
      connectorId: connector?.id ?? null,
      defaultOwnerTeamId: connector?.ownerTeamId ?? null,
      audit: { action: "finding.ingest", targetType: "connector", targetId: connector?.id ?? null },
    },
    opts,
  );
}

type TRecordOptions = {
  /** false: record the emergency rotation's JobRun without queueing it (the result names it). */
  enqueue?: boolean;
  /** When the findings were seen (default now); the demo seed replays past runs at their time. */
  now?: Date;
};

/**
 * The recording behind ingestFindings and CI uploads (lib/domain/discovery/upload.ts): all of
 * it in one transaction, ending with the one summary event `audit` names (written even for an
 * empty batch). Callers authorize and parse first.
 */
export async function recordFindings(
  actor: Actor,
  batch: {
    findings: TIngestFinding[];
    connectorId: string | null;
    /** Owner when CODEOWNERS names no known team. */
    defaultOwnerTeamId: string | null;
    audit: { action: string; targetType: string; targetId: string | null; after?: Record<string, unknown> };
  },
  opts: TRecordOptions = {},
): Promise<TIngestResult> {
  const result: TIngestResult = { created: 0, seen: 0, locations: 0, reopened: 0, compromised: [], emergencyRotations: [], findingIds: [] };

  // The same secret twice in one batch is one finding with two locations.
  const byFp = new Map<string, TIngestFinding[]>();
  for (const f of batch.findings) (byFp.get(f.fingerprint) ?? byFp.set(f.fingerprint, []).get(f.fingerprint)!).push(f);
  const fps = [...byFp.keys()].sort();

  const slugs = [...new Set(batch.findings.flatMap((f) => (f.owners ?? []).flatMap(ownerSlugs)))];
  const teams = slugs.length ? await db.team.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } }) : [];
  const teamBySlug = new Map(teams.map((t) => [t.slug, t.id]));
  const ownerOf = (list: TIngestFinding[]): string | null => {
    for (const f of list) for (const o of f.owners ?? []) for (const s of ownerSlugs(o)) if (teamBySlug.has(s)) return teamBySlug.get(s)!;
    return batch.defaultOwnerTeamId;
  };

  await db.$transaction(
    async (tx) => {
      // Stored secrets whose CURRENT value has one of these fingerprints.
      const stored = await tx.secretVersion.findMany({
        where: { stage: "current", destroyedAt: null, valueFingerprints: { hasSome: fps } },
        select: { valueFingerprints: true, secret: { select: { id: true, path: true, status: true, ownerTeamId: true } } },
      });
      const storedByFp = new Map<string, (typeof stored)[number]["secret"]>();
      for (const v of stored) for (const fp of v.valueFingerprints) if (byFp.has(fp)) storedByFp.set(fp, v.secret);

      const now = opts.now ?? new Date();
      for (const fp of fps) {
        const list = byFp.get(fp)!;
        const first = list.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a));
        const match = storedByFp.get(fp);
        const severity: TFindingSeverity = match ? "critical" : first.severity;
        const ownerTeamId = ownerOf(list) ?? match?.ownerTeamId ?? null;
        // Insert or touch, race-free across concurrent runs (the unique fingerprint decides).
        const [row] = await tx.$queryRaw<{ id: string; inserted: boolean; status: string; acceptedUntil: Date | null; severity: string; secretId: string | null }[]>`
          INSERT INTO "Finding" (id, fingerprint, "ruleId", description, severity, "secretType", preview, "ownerTeamId", "secretId", "matchesStored", repository, "firstSeenAt", "lastSeenAt")
          VALUES (gen_random_uuid(), ${fp}, ${first.ruleId}, ${first.description}, ${severity}::"FindingSeverity", ${first.secretType}, ${first.preview},
                  ${ownerTeamId}::uuid, ${match?.id ?? null}::uuid, ${!!match}, ${list[0]!.repository}, ${now}, ${now})
          ON CONFLICT (fingerprint) DO UPDATE SET "lastSeenAt" = EXCLUDED."lastSeenAt"
          RETURNING id, (xmax = 0) AS inserted, status::text AS status, "acceptedUntil", severity::text AS severity, "secretId"`;
        const findingId = row!.id;
        result.findingIds.push(findingId);
        if (row!.inserted) result.created++;
        else {
          result.seen++;
          // Seen again after it was resolved, or after its accepted risk lapsed: open again.
          const lapsed = row!.status === "accepted_risk" && row!.acceptedUntil && row!.acceptedUntil < now;
          if (row!.status === "resolved" || lapsed) {
            await tx.finding.update({ where: { id: findingId }, data: { status: "open", acceptedUntil: null } });
            await appendAudit(tx, actor, { action: "finding.reopen", targetType: "finding", targetId: findingId, before: { status: row!.status }, after: { status: "open", reason: lapsed ? "accepted risk expired, found again" : "found again" } });
            result.reopened++;
          }
          if (match && (row!.severity !== "critical" || row!.secretId !== match.id)) {
            await tx.finding.update({ where: { id: findingId }, data: { severity: "critical", matchesStored: true, secretId: match.id } });
          }
        }
        for (const f of list) {
          const committedAt = f.committedAt && !Number.isNaN(Date.parse(f.committedAt)) ? new Date(f.committedAt) : null;
          await tx.$executeRaw`
            INSERT INTO "FindingLocation" (id, "findingId", "connectorId", source, repository, file, line, commit, author, "committedAt", "firstSeenAt", "lastSeenAt")
            VALUES (gen_random_uuid(), ${findingId}::uuid, ${batch.connectorId}::uuid, ${f.source}, ${f.repository}, ${f.file}, ${f.line}, ${f.commit ?? ""}, ${f.author ?? null}, ${committedAt}, ${now}, ${now})
            ON CONFLICT ("findingId", repository, file, line, commit) DO UPDATE SET "lastSeenAt" = EXCLUDED."lastSeenAt"`;
          result.locations++;
        }
        await tx.$executeRaw`UPDATE "Finding" SET "locationCount" = (SELECT count(*) FROM "FindingLocation" WHERE "findingId" = ${findingId}::uuid) WHERE id = ${findingId}::uuid`;

        // The compromise path: the leaked value is the one Keyward serves right now.
        if (match && match.status !== "compromised") {
          await tx.secret.update({ where: { id: match.id }, data: { status: "compromised" } });
          match.status = "compromised";
          const jobRun = await tx.jobRun.create({ data: { kind: "rotation.emergency", message: `emergency rotation requested for ${match.path}`, createdAt: now } });
          await appendAudit(tx, actor, {
            action: "secret.compromised",
            targetType: "secret",
            targetId: match.id,
            before: { status: "active" },
            after: { status: "compromised", findingId, fingerprint: fp.slice(0, 12), location: `${list[0]!.repository}:${list[0]!.file}:${list[0]!.line}`, emergencyRotationJobRunId: jobRun.id },
          });
          result.emergencyRotations.push({ secretId: match.id, findingId, jobRunId: jobRun.id });
          result.compromised.push(match.id);
        }
      }
      await appendAudit(tx, actor, {
        action: batch.audit.action,
        targetType: batch.audit.targetType,
        targetId: batch.audit.targetId,
        after: {
          ...batch.audit.after,
          created: result.created, seen: result.seen, locations: result.locations, reopened: result.reopened,
          compromisedSecrets: result.compromised, findingIds: result.findingIds.slice(0, 200),
        },
      });
    },
    { timeout: 120_000 },
  );
  if (result.emergencyRotations.length && opts.enqueue !== false) {
    const { enqueue } = await import("@/lib/jobs/queue");
    for (const e of result.emergencyRotations) await enqueue("rotation.emergency", e, { jobId: `rotation.emergency.${e.jobRunId}`, attempts: 3 });
  }
  return result;
}

// --- findings: reads --------------------------------------------------------------------------

function findingWhere(actor: Actor, q: ReturnType<typeof ZFindingListQuery.parse>): Prisma.FindingWhereInput {
  const teams = teamFilter(actor, "finding:read");
  const and: Prisma.FindingWhereInput[] = [];
  if (teams) and.push({ ownerTeamId: { in: teams } });
  if (q.status?.length) and.push({ status: { in: q.status } });
  if (q.severity?.length) and.push({ severity: { in: q.severity } });
  if (q.ruleId?.length) and.push({ ruleId: { in: q.ruleId } });
  if (q.ownerTeamId?.length) and.push({ ownerTeamId: { in: q.ownerTeamId } });
  if (q.repository) and.push({ locations: { some: { repository: q.repository } } });
  if (q.connectorId?.length) and.push({ locations: { some: { connectorId: { in: q.connectorId } } } });
  if (q.q) and.push({ OR: [{ ruleId: { contains: q.q, mode: "insensitive" } }, { locations: { some: { file: { contains: q.q, mode: "insensitive" } } } }] });
  return and.length ? { AND: and } : {};
}

const findingListSelect = {
  id: true, fingerprint: true, ruleId: true, description: true, severity: true, secretType: true, preview: true, status: true,
  acceptedUntil: true, triageNote: true, ownerTeamId: true, secretId: true, matchesStored: true, repository: true, locationCount: true,
  firstSeenAt: true, lastSeenAt: true,
  ownerTeam: { select: { id: true, name: true, slug: true } },
  secret: { select: { id: true, path: true, status: true } },
  // The latest sighting, with where it came from (a connector run, or a CI upload).
  locations: { orderBy: { lastSeenAt: "desc" }, take: 1, select: { repository: true, file: true, line: true, commit: true, source: true, connector: { select: { id: true, name: true } } } },
} as const;

/**
 * A page of findings (filters: status, severity, rule, repository, owner team, connector, text),
 * or with groupBy=repository one row per repository with counts by status and severity.
 */
export async function listFindings(actor: Actor, input: unknown = {}) {
  authorize(actor, "finding:read");
  const q = parse(ZFindingListQuery, input ?? {});
  const where = findingWhere(actor, q);
  if (q.groupBy === "repository") {
    const ids = await db.finding.findMany({ where, select: { id: true }, take: 50_000 });
    const idList = ids.map((r) => r.id);
    const rows = idList.length
      ? await db.$queryRaw<{ repository: string; findings: bigint; open: bigint; critical: bigint; high: bigint; lastSeenAt: Date }[]>`
          SELECT l.repository, count(DISTINCT f.id) AS findings,
                 count(DISTINCT f.id) FILTER (WHERE f.status = 'open') AS open,
                 count(DISTINCT f.id) FILTER (WHERE f.severity = 'critical') AS critical,
                 count(DISTINCT f.id) FILTER (WHERE f.severity = 'high') AS high,
                 max(l."lastSeenAt") AS "lastSeenAt"
          FROM "FindingLocation" l JOIN "Finding" f ON f.id = l."findingId"
          WHERE f.id = ANY(${idList}::uuid[])
          GROUP BY l.repository ORDER BY open DESC, findings DESC, l.repository`
      : [];
    const groups = rows.map((r) => ({ repository: r.repository, findings: Number(r.findings), open: Number(r.open), critical: Number(r.critical), high: Number(r.high), lastSeenAt: r.lastSeenAt }));
    const start = (q.page - 1) * q.pageSize;
    return { kind: "groups" as const, items: groups.slice(start, start + q.pageSize), total: groups.length, page: q.page, pageSize: q.pageSize, query: q };
  }
  const orderBy: Prisma.FindingOrderByWithRelationInput[] =
    q.sort === "severity" ? [{ severity: q.order === "desc" ? "asc" : "desc" }, { lastSeenAt: "desc" }] : [{ [q.sort]: q.order }, { id: "asc" }];
  const [items, total] = await Promise.all([
    db.finding.findMany({ where, orderBy, skip: (q.page - 1) * q.pageSize, take: q.pageSize, select: findingListSelect }),
    db.finding.count({ where }),
  ]);
  return { kind: "findings" as const, items, total, page: q.page, pageSize: q.pageSize, query: q };
}
export type TFindingRow = Awaited<ReturnType<typeof db.finding.findMany<{ select: typeof findingListSelect }>>>[number];

export async function getFinding(actor: Actor, id: unknown) {
  authorize(actor, "finding:read");
  const findingId = parse(ZFindingId, id);
  const row = await db.finding.findUnique({
    where: { id: findingId },
    select: {
      ...findingListSelect,
      triagedAt: true,
      triagedById: true,
      locations: { orderBy: [{ repository: "asc" }, { file: "asc" }, { line: "asc" }], take: 500, select: { id: true, source: true, repository: true, file: true, line: true, commit: true, author: true, committedAt: true, firstSeenAt: true, lastSeenAt: true, connector: { select: { id: true, name: true } } } },
    },
  });
  if (!row || !permits(actor, "finding:read", row)) throw new AppError("not_found", "No such finding.");
  return row;
}

/** Rule ids and repositories present, for the filter menus. */
export async function listFindingFacets(actor: Actor) {
  authorize(actor, "finding:read");
  const teams = teamFilter(actor, "finding:read");
  const where = teams ? { ownerTeamId: { in: teams } } : {};
  const [rules, repos, teamsRows] = await Promise.all([
    db.finding.groupBy({ by: ["ruleId"], where, _count: { _all: true }, orderBy: { ruleId: "asc" }, take: 500 }),
    db.finding.groupBy({ by: ["repository"], where, _count: { _all: true }, orderBy: { repository: "asc" }, take: 500 }),
    db.team.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
  return { rules: rules.map((r) => r.ruleId), repositories: repos.map((r) => r.repository), teams: teamsRows };
}

// --- findings: triage and migration -----------------------------------------------------------

/** Sets one status on up to 1000 findings, all or nothing, one audit event per finding. `now`: when (the demo seed's past triage). */
export async function triageFindings(actor: Actor, input: unknown, opts: { now?: Date } = {}) {
  authorize(actor, "finding:triage");
  const data = parse(ZTriageFindings, input);
  const ids = [...new Set(data.ids)];
  return db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Finding" WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
      const rows = await tx.finding.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, acceptedUntil: true, ownerTeamId: true, triageNote: true } });
      const visible = rows.filter((r) => permits(actor, "finding:read", r));
      if (visible.length !== ids.length) {
        const found = new Set(visible.map((r) => r.id));
        throw new AppError("not_found", "Some of the selected findings do not exist.", { ids: ids.filter((i) => !found.has(i)).slice(0, 20) });
      }
      for (const r of visible) authorize(actor, "finding:triage", r);
      const now = opts.now ?? new Date();
      let updated = 0;
      for (const r of visible) {
        const acceptedUntil = data.status === "accepted_risk" ? data.acceptedUntil! : null;
        if (r.status === data.status && (r.acceptedUntil?.getTime() ?? null) === (acceptedUntil?.getTime() ?? null) && (!data.note || data.note === r.triageNote)) continue;
        await tx.finding.update({
          where: { id: r.id },
          data: { status: data.status, acceptedUntil, triageNote: data.note || r.triageNote, triagedById: actor.id, triagedAt: now },
        });
        await appendAudit(tx, actor, {
          action: "finding.triage",
          targetType: "finding",
          targetId: r.id,
          before: { status: r.status, acceptedUntil: r.acceptedUntil },
          after: { status: data.status, acceptedUntil, note: data.note },
        });
        updated++;
      }
      return { updated };
    },
    { timeout: 120_000 },
  );
}

const SECRET_TYPE_BY_SCANNER: Record<string, string> = {
  "private-key": "private_key",
  "ssh-key": "ssh_key",
  password: "password",
  "connection-string": "connection_string",
  "database-url": "connection_string",
  jwt: "token",
  token: "token",
  "api-key": "api_key",
  "webhook-secret": "webhook_secret",
  "cloud-access-key": "cloud_access_key",
  "aws-access-key": "cloud_access_key",
  "aws-secret-key": "cloud_access_key",
  "gcp-service-account": "cloud_access_key",
  "azure-key": "cloud_access_key",
  "oauth-client": "oauth_client",
  keystore: "private_key",
  "database-password": "password",
  "http-credential": "password",
  "url-credential": "connection_string",
  "slack-webhook": "webhook_secret",
  "azure-client-secret": "cloud_access_key",
  "azure-storage-key": "cloud_access_key",
  "kubernetes-secret": "token",
  "oauth-client-secret": "oauth_client",
  webhook: "webhook_secret",
  "encryption-key": "symmetric_key",
  "age-key": "private_key",
  generic: "other",
};

export function inventoryTypeOf(scannerType: string): string {
  if (SECRET_TYPE_BY_SCANNER[scannerType]) return SECRET_TYPE_BY_SCANNER[scannerType]!;
  if (/key$/.test(scannerType)) return "api_key";
  if (/token/.test(scannerType)) return "token";
  return "other";
}

/**
 * "Migrate to the vault": one inventory entry per selected finding that has none yet, in the
 * Keyward vault backend, pending rotation (a value that sat in a repository must be replaced,
 * not copied). The entry carries no value: Keyward never had it. Findings are linked and
 * triaged. Each entry is created by the inventory's createSecret (its own audit); failures are
 * reported per finding and do not undo the others.
 */
export async function migrateFindingsToVault(actor: Actor, input: unknown) {
  authorize(actor, "finding:triage");
  authorize(actor, "secret:create");
  const data = parse(ZMigrateFindings, input);
  const ids = [...new Set(data.ids)];
  const rows = await db.finding.findMany({
    where: { id: { in: ids } },
    select: { id: true, fingerprint: true, ruleId: true, secretType: true, ownerTeamId: true, secretId: true, status: true, repository: true, locations: { take: 1, orderBy: { firstSeenAt: "asc" }, select: { repository: true, file: true, line: true } } },
  });
  const visible = rows.filter((r) => permits(actor, "finding:read", r));
  if (visible.length !== ids.length) throw new AppError("not_found", "Some of the selected findings do not exist.");
  for (const r of visible) authorize(actor, "finding:triage", r);
  const backendId = await ensureKeywardBackend();
  const migrated: { findingId: string; secretId: string; path: string }[] = [];
  const skipped: { findingId: string; reason: string }[] = [];
  const failed: { findingId: string; message: string }[] = [];
  for (const f of visible) {
    if (f.secretId) {
      skipped.push({ findingId: f.id, reason: "already linked to an inventory secret" });
      continue;
    }
    const loc = f.locations[0];
    const where = loc ? `${loc.repository}:${loc.file}:${loc.line}` : f.repository;
    const name = `${f.ruleId}-${f.fingerprint.slice(0, 8)}`.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, 200);
    try {
      const secret = await createSecret(actor, {
        name,
        description: `Found hardcoded at ${where} (rule ${f.ruleId}). Rotate it, store the new value in the vault (keyward put), and remove it from the source.`.slice(0, 2000),
        type: inventoryTypeOf(f.secretType),
        environment: data.environment,
        classification: data.classification,
        status: "pending_rotation",
        ownerTeamId: data.ownerTeamId ?? f.ownerTeamId,
        backendId,
        tags: ["discovered", "migrated-from-finding"],
      });
      await db.$transaction(async (tx) => {
        await tx.finding.update({ where: { id: f.id }, data: { secretId: secret.id, status: f.status === "open" ? "triaged" : f.status, triagedById: actor.id, triagedAt: new Date() } });
        await appendAudit(tx, actor, { action: "finding.migrate", targetType: "finding", targetId: f.id, before: { status: f.status, secretId: null }, after: { secretId: secret.id, path: secret.path } });
      });
      migrated.push({ findingId: f.id, secretId: secret.id, path: secret.path });
    } catch (e) {
      if (e instanceof AppError) failed.push({ findingId: f.id, message: e.fields ? `${e.message} ${Object.values(e.fields).flat().join(" ")}` : e.message });
      else throw e;
    }
  }
  return { migrated, skipped, failed };
}

/** Teams and backends for the connector form, and each kind's form schema. */
export async function connectorFormOptions(actor: Actor) {
  authorize(actor, "connector:read");
  const { connectorCatalog } = await import("@/lib/connectors/registry");
  const [teams, backends] = await Promise.all([
    db.team.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.backend.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
  return { teams, backends, catalog: connectorCatalog() };
}

/** Certificates a connector recorded and database accounts it found, for its page. */
export async function connectorInventory(actor: Actor, id: unknown) {
  authorize(actor, "connector:read");
  const connectorId = parse(ZConnectorId, id);
  const [certificates, accounts] = await Promise.all([
    db.certificate.findMany({ where: { connectorId }, orderBy: [{ location: "asc" }, { chainIndex: "asc" }], take: 200 }),
    db.databaseAccount.findMany({ where: { connectorId }, orderBy: { name: "asc" }, take: 500, include: { secret: { select: { id: true, path: true } } } }),
  ]);
  return { certificates, accounts };
}
