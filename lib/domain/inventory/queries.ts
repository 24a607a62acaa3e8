import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import type { TSecretFilters, TSecretListQuery, TSortField } from "./schemas";

/**
 * Exact counts stop here. Counting every matching row of a million-row table costs more than the
 * page itself, so above this the total is reported as a lower bound (totalExact false) and the
 * UI shows "10,000+". The unfiltered table uses the planner's estimate instead.
 */
export const COUNT_CAP = 10_000;

/** Escapes LIKE wildcards so a search for "db_pass" matches the underscore literally. */
export function likeEscape(q: string): string {
  return q.replace(/[\\%_]/g, (c) => "\\" + c);
}

/**
 * The filters as SQL over "Secret" s. Free text is ILIKE '%q%' on name and path, which the
 * trigram GIN index secret_search_trgm serves; faceted filters use the (column, name) btree
 * indexes. Written as SQL rather than a Prisma where because Prisma's capped count adds an
 * ORDER BY id that makes the cap useless (it sorts every match first).
 */
export function secretWhereSql(f: TSecretFilters, teamIds: string[] | undefined, now = new Date()): Prisma.Sql {
  const c: Prisma.Sql[] = [];
  const anyOf = (column: string, values: string[], type: string) =>
    Prisma.sql`s.${Prisma.raw(`"${column}"`)} = ANY(${values}::${Prisma.raw(type)}[])`;
  if (teamIds) c.push(anyOf("ownerTeamId", teamIds, "uuid"));
  if (f.type?.length) c.push(anyOf("type", f.type, '"SecretType"'));
  if (f.environment?.length) c.push(anyOf("environment", f.environment, '"Environment"'));
  if (f.classification?.length) c.push(anyOf("classification", f.classification, '"Classification"'));
  if (f.status?.length) c.push(anyOf("status", f.status, '"SecretStatus"'));
  if (f.backendId?.length) c.push(anyOf("backendId", f.backendId, "uuid"));
  if (f.ownerTeamId?.length) c.push(anyOf("ownerTeamId", f.ownerTeamId, "uuid"));
  if (f.overdue === true) c.push(Prisma.sql`s."rotationDueAt" < ${now}`);
  if (f.overdue === false) c.push(Prisma.sql`(s."rotationDueAt" IS NULL OR s."rotationDueAt" >= ${now})`);
  if (f.unowned === true) c.push(Prisma.sql`s."ownerTeamId" IS NULL`);
  if (f.unowned === false) c.push(Prisma.sql`s."ownerTeamId" IS NOT NULL`);
  if (f.q) {
    const pattern = `%${likeEscape(f.q)}%`;
    c.push(Prisma.sql`(s."name" ILIKE ${pattern} OR s."path" ILIKE ${pattern})`);
  }
  return c.length ? Prisma.sql`WHERE ${Prisma.join(c, " AND ")}` : Prisma.empty;
}

const sortColumns: Record<TSortField, string[]> = {
  // Each sort rides an index: (column, name) for the enums, the column itself for name, path
  // and dates; id breaks ties so pages never overlap. NULLs sort last ascending, first
  // descending (Postgres' default, which the btree indexes serve in both directions).
  name: ["name", "id"],
  path: ["path"],
  type: ["type", "name", "id"],
  environment: ["environment", "name", "id"],
  classification: ["classification", "name", "id"],
  status: ["status", "name", "id"],
  createdAt: ["createdAt", "id"],
  lastRotatedAt: ["lastRotatedAt", "id"],
  rotationDueAt: ["rotationDueAt", "id"],
  expiresAt: ["expiresAt", "id"],
  lastUsedAt: ["lastUsedAt", "id"],
};

export function secretOrderSql(sort: TSortField, order: "asc" | "desc"): Prisma.Sql {
  const dir = order === "desc" ? "DESC" : "ASC";
  return Prisma.raw(`ORDER BY ${sortColumns[sort].map((col) => `s."${col}" ${dir}`).join(", ")}`);
}

export const secretRowSelect = {
  id: true,
  name: true,
  path: true,
  type: true,
  environment: true,
  classification: true,
  status: true,
  vaulted: true,
  dynamic: true,
  ownerTeamId: true,
  backendId: true,
  rotationPeriodDays: true,
  lastRotatedAt: true,
  rotationDueAt: true,
  expiresAt: true,
  lastUsedAt: true,
  hygieneFlags: true,
  tags: true,
  createdAt: true,
  updatedAt: true,
  ownerTeam: { select: { id: true, name: true, slug: true } },
  backend: { select: { id: true, name: true, kind: true } },
} satisfies Prisma.SecretSelect;

export type TSecretRow = Prisma.SecretGetPayload<{ select: typeof secretRowSelect }>;

function hasFilters(f: TSecretFilters): boolean {
  return Object.values(f).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0));
}

/** Planner's row estimate for the whole table (kept fresh by autovacuum/analyze). */
async function estimatedSecretCount(): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT GREATEST(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = '"Secret"'::regclass`;
  return Math.round(Number(row?.n ?? 0));
}

/**
 * The total for a list: exact up to COUNT_CAP matching rows; above that a lower bound for a
 * filtered list, and the planner's estimate for the whole table.
 */
export async function countSecrets(where: Prisma.Sql, filtered: boolean): Promise<{ total: number; totalExact: boolean }> {
  if (!filtered) {
    const estimate = await estimatedSecretCount();
    if (estimate > COUNT_CAP * 2) return { total: estimate, totalExact: false };
  }
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM "Secret" s ${where} LIMIT ${COUNT_CAP + 1}) capped`;
  const n = Number(row?.n ?? 0);
  if (n <= COUNT_CAP) return { total: n, totalExact: true };
  if (!filtered) return { total: Math.max(await estimatedSecretCount(), n), totalExact: false };
  return { total: n, totalExact: false };
}

export async function querySecretPage(query: TSecretListQuery, teamIds: string[] | undefined) {
  const { page, pageSize, sort, order, ...filters } = query;
  const where = secretWhereSql(filters, teamIds);
  const filtered = hasFilters(filters) || teamIds !== undefined;
  const [ids, count] = await Promise.all([
    db.$queryRaw<{ id: string }[]>`
      SELECT s.id FROM "Secret" s ${where} ${secretOrderSql(sort, order)}
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    countSecrets(where, filtered),
  ]);
  const found = await db.secret.findMany({ where: { id: { in: ids.map((r) => r.id) } }, select: secretRowSelect });
  const byId = new Map(found.map((r) => [r.id, r]));
  // A row deleted between the two reads simply drops out of this page.
  const rows = ids.map((r) => byId.get(r.id)).filter((r): r is TSecretRow => r !== undefined);
  // A page past the cap still proves at least that many rows exist.
  const seen = (page - 1) * pageSize + ids.length;
  const total = Math.max(count.total, seen);
  const hasMore = count.totalExact ? seen < total : ids.length === pageSize;
  return { rows, total, totalExact: count.totalExact, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)), hasMore };
}

export const secretDetailInclude = {
  ownerTeam: { select: { id: true, name: true, slug: true } },
  backend: { select: { id: true, name: true, kind: true } },
  consumers: { select: { application: { select: { id: true, name: true, slug: true } } } },
} satisfies Prisma.SecretInclude;

export async function findSecretDetail(id: string) {
  return db.secret.findUnique({ where: { id }, include: secretDetailInclude });
}

export async function secretAuditEvents(id: string, take = 100) {
  const rows = await db.auditEvent.findMany({
    where: { targetType: "secret", targetId: id },
    orderBy: { at: "desc" },
    take,
    select: { id: true, at: true, actorType: true, actorLabel: true, action: true, before: true, after: true, requestId: true },
  });
  return rows.map((r) => ({ ...r, id: r.id.toString() }));
}

export const secretExportSelect = {
  ...secretRowSelect,
  description: true,
  externalRef: true,
  consumers: { select: { application: { select: { slug: true } } } },
} satisfies Prisma.SecretSelect;
export type TSecretExportRow = Prisma.SecretGetPayload<{ select: typeof secretExportSelect }>;

/** Every matching row in path order, fetched in keyset batches so memory stays flat. */
export async function* iterateSecrets(f: TSecretFilters, teamIds: string[] | undefined, batch = 1000): AsyncGenerator<TSecretExportRow[]> {
  const now = new Date();
  let after: string | null = null;
  for (;;) {
    const where = secretWhereSql(f, teamIds, now);
    const keyset: Prisma.Sql = after === null ? Prisma.empty : where === Prisma.empty ? Prisma.sql`WHERE s."path" > ${after}` : Prisma.sql`AND s."path" > ${after}`;
    const ids: { id: string; path: string }[] = await db.$queryRaw`
      SELECT s.id, s.path FROM "Secret" s ${where} ${keyset} ORDER BY s."path" LIMIT ${batch}`;
    if (ids.length === 0) return;
    const rows = await db.secret.findMany({ where: { id: { in: ids.map((r) => r.id) } }, select: secretExportSelect });
    const byId = new Map(rows.map((r) => [r.id, r]));
    yield ids.map((r) => byId.get(r.id)).filter((r): r is TSecretExportRow => r !== undefined);
    if (ids.length < batch) return;
    after = ids[ids.length - 1].path;
  }
}
