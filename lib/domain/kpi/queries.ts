import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { vaultKinds } from "@/lib/domain/inventory/schemas";
import { ageBuckets, dynamicCapableTypes, EXPIRY_WINDOW_DAYS, liveStatuses, NEW_FINDING_DAYS, STALE_DAYS, unresolvedFindingStatuses, type TOverviewQuery } from "./schemas";

const DAY = 86_400_000;

export type TKpiCounts = {
  total: number;
  vaulted: number;
  /** Inventory secrets whose backend is not a vault (git, config files, env vars, CI variables). */
  unvaulted: number;
  hardcodedHighlySensitive: number;
  /** Unresolved hardcoded-secret findings (one per distinct fingerprint). */
  hardcodedFindings: number;
  /** ... of them first seen within NEW_FINDING_DAYS. */
  newHardcodedFindings: number;
  /** ... of them not linked to an inventory secret: each counts as one unvaulted secret in coverage. */
  unlinkedFindings: number;
  withPolicy: number;
  overdue: number;
  unowned: number;
  expiringSoon: number;
  expired: number;
  compromised: number;
  dynamicCapable: number;
  dynamic: number;
  stale: number;
  meanAgeDays: number | null;
  p90AgeDays: number | null;
  ages: Record<(typeof ageBuckets)[number]["key"], number>;
};

export type TEnvironmentSplit = { environment: string; vaulted: number; hardcoded: number };

/** The WHERE shared by every KPI: live secrets, the actor's teams, and the page's filters. */
function scope(f: TOverviewQuery, teamIds: string[] | undefined) {
  const parts = [Prisma.sql`s.status::text = ANY(${[...liveStatuses]})`];
  if (teamIds) parts.push(Prisma.sql`s."ownerTeamId" = ANY(${teamIds}::uuid[])`);
  if (f.environment) parts.push(Prisma.sql`s.environment::text = ${f.environment}`);
  if (f.classification) parts.push(Prisma.sql`s.classification::text = ${f.classification}`);
  if (f.ownerTeamId) parts.push(Prisma.sql`s."ownerTeamId" = ${f.ownerTeamId}::uuid`);
  return Prisma.join(parts, " AND ");
}

// "Vaulted" follows the backend's kind (the source of truth), not the denormalised column.
const vaulted = () => Prisma.sql`(b.kind::text = ANY(${[...vaultKinds]}))`;

/**
 * Every headline number in one pass over the secrets in scope (one sequential or index scan,
 * joined to the handful of backends), and the findings' numbers in a second query run alongside.
 */
export async function countKpis(f: TOverviewQuery, teamIds: string[] | undefined, now = new Date(), findingTeamIds = teamIds): Promise<TKpiCounts> {
  const soon = new Date(now.getTime() + EXPIRY_WINDOW_DAYS * DAY);
  const staleBefore = new Date(now.getTime() - STALE_DAYS * DAY);
  const age = Prisma.sql`(EXTRACT(EPOCH FROM (${now}::timestamp - COALESCE(s."lastRotatedAt", s."createdAt"))) / 86400.0)`;
  const main = db.$queryRaw<Array<Record<string, number | null>>>`
    SELECT
      count(*)::int AS total,
      count(*) FILTER (WHERE ${vaulted()})::int AS vaulted,
      count(*) FILTER (WHERE NOT ${vaulted()})::int AS unvaulted,
      count(*) FILTER (WHERE NOT ${vaulted()} AND s.classification = 'highly_sensitive')::int AS "hardcodedHighlySensitive",
      count(*) FILTER (WHERE s."rotationPeriodDays" IS NOT NULL)::int AS "withPolicy",
      count(*) FILTER (WHERE s."rotationDueAt" < ${now}::timestamp)::int AS overdue,
      count(*) FILTER (WHERE s."ownerTeamId" IS NULL)::int AS unowned,
      count(*) FILTER (WHERE s."expiresAt" >= ${now}::timestamp AND s."expiresAt" < ${soon}::timestamp)::int AS "expiringSoon",
      count(*) FILTER (WHERE s."expiresAt" < ${now}::timestamp)::int AS expired,
      count(*) FILTER (WHERE s.status = 'compromised')::int AS compromised,
      count(*) FILTER (WHERE s.type::text = ANY(${[...dynamicCapableTypes]}))::int AS "dynamicCapable",
      count(*) FILTER (WHERE s.type::text = ANY(${[...dynamicCapableTypes]}) AND s.dynamic)::int AS dynamic,
      count(*) FILTER (WHERE s."lastUsedAt" < ${staleBefore}::timestamp)::int AS stale,
      avg(${age})::float8 AS "meanAgeDays",
      percentile_cont(0.9) WITHIN GROUP (ORDER BY ${age})::float8 AS "p90AgeDays",
      count(*) FILTER (WHERE ${age} <= 30)::int AS d30,
      count(*) FILTER (WHERE ${age} > 30 AND ${age} <= 90)::int AS d90,
      count(*) FILTER (WHERE ${age} > 90 AND ${age} <= 180)::int AS d180,
      count(*) FILTER (WHERE ${age} > 180 AND ${age} <= 365)::int AS d365,
      count(*) FILTER (WHERE ${age} > 365)::int AS older
    FROM "Secret" s JOIN "Backend" b ON b.id = s."backendId"
    WHERE ${scope(f, teamIds)}`;
  const [[row], findings] = await Promise.all([main, countFindings(f, findingTeamIds, now)]);
  const n = (k: string) => Number(row?.[k] ?? 0);
  return {
    total: n("total"), vaulted: n("vaulted"), unvaulted: n("unvaulted"), hardcodedHighlySensitive: n("hardcodedHighlySensitive"),
    ...findings,
    withPolicy: n("withPolicy"), overdue: n("overdue"), unowned: n("unowned"), expiringSoon: n("expiringSoon"), expired: n("expired"),
    compromised: n("compromised"), dynamicCapable: n("dynamicCapable"), dynamic: n("dynamic"), stale: n("stale"),
    meanAgeDays: row?.meanAgeDays == null ? null : Number(row.meanAgeDays),
    p90AgeDays: row?.p90AgeDays == null ? null : Number(row.p90AgeDays),
    ages: { d30: n("d30"), d90: n("d90"), d180: n("d180"), d365: n("d365"), older: n("older") },
  };
}

/** Findings filters matching the overview's: owner team directly; environment and classification only through a linked secret. */
export function findingScope(f: TOverviewQuery, teamIds: string[] | undefined) {
  const parts = [Prisma.sql`fd.status::text = ANY(${[...unresolvedFindingStatuses]})`];
  if (teamIds) parts.push(Prisma.sql`fd."ownerTeamId" = ANY(${teamIds}::uuid[])`);
  if (f.ownerTeamId) parts.push(Prisma.sql`fd."ownerTeamId" = ${f.ownerTeamId}::uuid`);
  // A finding has no environment or classification of its own: with those filters only findings
  // linked to a matching secret count (unlinked ones belong to no environment).
  if (f.environment || f.classification) {
    const linked = [Prisma.sql`ls.id = fd."secretId"`];
    if (f.environment) linked.push(Prisma.sql`ls.environment::text = ${f.environment}`);
    if (f.classification) linked.push(Prisma.sql`ls.classification::text = ${f.classification}`);
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "Secret" ls WHERE ${Prisma.join(linked, " AND ")})`);
  }
  return Prisma.join(parts, " AND ");
}

/** Hardcoded secrets as KPIS.md counts them: unresolved findings, one per distinct fingerprint. */
async function countFindings(f: TOverviewQuery, teamIds: string[] | undefined, now: Date) {
  const since = new Date(now.getTime() - NEW_FINDING_DAYS * DAY);
  const [row] = await db.$queryRaw<Array<Record<string, number>>>`
    SELECT
      count(DISTINCT fd.fingerprint)::int AS "hardcodedFindings",
      count(DISTINCT fd.fingerprint) FILTER (WHERE fd."firstSeenAt" >= ${since}::timestamp)::int AS "newHardcodedFindings",
      count(DISTINCT fd.fingerprint) FILTER (WHERE fd."secretId" IS NULL)::int AS "unlinkedFindings"
    FROM "Finding" fd
    WHERE ${findingScope(f, teamIds)}`;
  return {
    hardcodedFindings: Number(row?.hardcodedFindings ?? 0),
    newHardcodedFindings: Number(row?.newHardcodedFindings ?? 0),
    unlinkedFindings: Number(row?.unlinkedFindings ?? 0),
  };
}

export async function splitByEnvironment(f: TOverviewQuery, teamIds: string[] | undefined): Promise<TEnvironmentSplit[]> {
  const rows = await db.$queryRaw<Array<{ environment: string; vaulted: number; hardcoded: number }>>`
    SELECT s.environment::text AS environment,
      count(*) FILTER (WHERE ${vaulted()})::int AS vaulted,
      count(*) FILTER (WHERE NOT ${vaulted()})::int AS hardcoded
    FROM "Secret" s JOIN "Backend" b ON b.id = s."backendId"
    WHERE ${scope(f, teamIds)}
    GROUP BY s.environment ORDER BY s.environment`;
  return rows.map((r) => ({ environment: r.environment, vaulted: Number(r.vaulted), hardcoded: Number(r.hardcoded) }));
}

/** Ids of the backends that are not vaults: the inventory filters hardcoded secrets by them. */
export async function unvaultedBackendIds(): Promise<string[]> {
  const rows = await db.backend.findMany({ where: { kind: { notIn: [...vaultKinds] } }, select: { id: true }, orderBy: { name: "asc" } });
  return rows.map((r) => r.id);
}

export async function teamOptions(teamIds: string[] | undefined) {
  return db.team.findMany({ where: teamIds ? { id: { in: teamIds } } : {}, select: { id: true, name: true }, orderBy: { name: "asc" } });
}
