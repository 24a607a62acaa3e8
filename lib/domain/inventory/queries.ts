import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { resolveSecretSort, type TSecretFilters, type TSecretListQuery, type TSortField } from "./schemas";

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

// Estimates are only ever shown as "about …", so a few seconds' staleness costs nothing and
// saves a planner round trip on every page view (paging through one filter re-plans nothing).
const ESTIMATE_TTL_MS = 30_000;
const estimateCache = new Map<string, { at: number; n: Promise<number> }>();

function cachedEstimate(key: string, compute: () => Promise<number>): Promise<number> {
  const now = Date.now();
  const hit = estimateCache.get(key);
  if (hit && now - hit.at < ESTIMATE_TTL_MS) return hit.n;
  if (estimateCache.size >= 500) estimateCache.clear(); // bounded: many distinct filters just re-plan
  const n = compute();
  estimateCache.set(key, { at: now, n });
  n.catch(() => estimateCache.delete(key));
  return n;
}

/** Planner's row estimate for the whole table (kept fresh by autovacuum/analyze). */
function estimatedSecretCount(): Promise<number> {
  return cachedEstimate("", async () => {
    const [row] = await db.$queryRaw<{ n: number }[]>`
      SELECT GREATEST(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = '"Secret"'::regclass`;
    return Math.round(Number(row?.n ?? 0));
  });
}

/** Planner's estimate of the rows matching a where (about 1 ms: planning only). */
function estimatedMatches(key: string, where: Prisma.Sql): Promise<number> {
  return cachedEstimate(key, async () => {
    const [row] = await db.$queryRaw<Array<Record<string, unknown>>>`EXPLAIN (FORMAT JSON) SELECT 1 FROM "Secret" s ${where}`;
    const raw = row ? Object.values(row)[0] : null;
    const plan = (typeof raw === "string" ? JSON.parse(raw) : raw) as Array<{ Plan?: { "Plan Rows"?: number } }> | null;
    return Math.round(Number(plan?.[0]?.Plan?.["Plan Rows"] ?? 0));
  });
}

/**
 * The total for a list, without counting a million rows on every page view: when the
 * planner expects many matches, its estimate (totalExact false, shown as "about …");
 * otherwise an exact count that stops at COUNT_CAP + 1 (above it, a lower bound).
 */
export async function countSecrets(where: Prisma.Sql, estimate: number): Promise<{ total: number; totalExact: boolean }> {
  if (estimate > COUNT_CAP * 3) return { total: estimate, totalExact: false };
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM "Secret" s ${where} LIMIT ${COUNT_CAP + 1}) capped`;
  const n = Number(row?.n ?? 0);
  return n <= COUNT_CAP ? { total: n, totalExact: true } : { total: Math.max(n, estimate), totalExact: false };
}

// Sorts whose order follows the text (name and path, and the enum sorts that order by name
// within each value): matches of a search cluster in them, so walking their index until 50
// matches turn up can read most of the table ("stripe…" sorts after 80% of names).
const textOrderedSorts = new Set<TSortField>(["name", "path", "type", "environment", "classification", "status"]);
// Below this share of the table, collecting every match through the trigram index and sorting
// them is cheaper than walking a text-ordered index.
const SPARSE_MATCH_SHARE = 0.25;

/**
 * One page of rows with their owner team and backend, in one statement: the page's ids (the
 * index walk, planned on its own in a CTE) joined back to the rows and the two small tables.
 * Columns in secretRowSelect's order so the JSON reads the same as a Prisma select.
 */
function selectPageRows(pageIds: Prisma.Sql, orderBy: Prisma.Sql): Promise<TSecretRow[]> {
  return db.$queryRaw<TSecretRow[]>`
    WITH p AS (${pageIds})
    SELECT s.id, s.name, s.path, s.type, s.environment, s.classification, s.status, s.vaulted, s.dynamic,
      s."ownerTeamId", s."backendId", s."rotationPeriodDays", s."lastRotatedAt", s."rotationDueAt", s."expiresAt",
      s."lastUsedAt", s."hygieneFlags", s.tags, s."createdAt", s."updatedAt",
      CASE WHEN t.id IS NULL THEN NULL ELSE json_build_object('id', t.id, 'name', t.name, 'slug', t.slug) END AS "ownerTeam",
      json_build_object('id', b.id, 'name', b.name, 'kind', b.kind) AS backend
    FROM p JOIN "Secret" s ON s.id = p.id
    LEFT JOIN "Team" t ON t.id = s."ownerTeamId"
    JOIN "Backend" b ON b.id = s."backendId"
    ${orderBy}`;
}

/**
 * A page in one round trip when the planner's estimate is cached (the usual case): the page
 * query and, only for small results, the capped count run side by side on the pool.
 */
export async function querySecretPage(query: TSecretListQuery, teamIds: string[] | undefined) {
  const { page, pageSize, sort: _sort, order: _order, ...filters } = query;
  const { sort, order } = resolveSecretSort(query);
  const where = secretWhereSql(filters, teamIds);
  const filtered = hasFilters(filters) || teamIds !== undefined;
  const tableRowsP = estimatedSecretCount();
  const estimateP = filtered ? estimatedMatches(JSON.stringify([filters, teamIds ?? null]), where) : tableRowsP;
  const orderBy = secretOrderSql(sort, order);
  const offset = (page - 1) * pageSize;
  // The MATERIALIZED CTE fences the planner off the text-ordered index walk (it assumes
  // matches are spread evenly, and for text searches they are not). Only then does the page
  // query wait for the estimate.
  const mayFence = Boolean(filters.q) && textOrderedSorts.has(sort);
  const fence = mayFence && (await estimateP) < (await tableRowsP) * SPARSE_MATCH_SHARE;
  const pageIds = fence
    ? Prisma.sql`
        WITH m AS MATERIALIZED (SELECT s.id, s.name, s.path, s.type, s.environment, s.classification, s.status FROM "Secret" s ${where})
        SELECT s.id FROM m s ${orderBy} LIMIT ${pageSize} OFFSET ${offset}`
    : Prisma.sql`SELECT s.id FROM "Secret" s ${where} ${orderBy} LIMIT ${pageSize} OFFSET ${offset}`;
  const [rows, count] = await Promise.all([selectPageRows(pageIds, orderBy), estimateP.then((e) => countSecrets(where, e))]);
  const seen = offset + rows.length;
  let { total, totalExact } = count;
  // A short page (or an empty first page) pins the total down exactly; a full page past an
  // estimate proves at least that many rows exist.
  if (rows.length < pageSize && (rows.length > 0 || page === 1)) (total = seen), (totalExact = true);
  else total = Math.max(total, seen);
  const hasMore = totalExact ? seen < total : rows.length === pageSize;
  return { rows, total, totalExact, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)), hasMore };
}

export const secretDetailInclude = {
  ownerTeam: { select: { id: true, name: true, slug: true } },
  backend: { select: { id: true, name: true, kind: true } },
  consumers: { select: { application: { select: { id: true, name: true, slug: true } } } },
} satisfies Prisma.SecretInclude;

export async function findSecretDetail(id: string) {
  return db.secret.findUnique({ where: { id }, include: secretDetailInclude });
}

const auditTrailSelect = { id: true, at: true, actorType: true, actorLabel: true, action: true, before: true, after: true, requestId: true } satisfies Prisma.AuditEventSelect;

/**
 * A secret's newest `take` audit events. With `grants`, also those of the grants on it (issue,
 * revoke), which are recorded against the grant. Two index-ordered reads merged here rather
 * than one OR, which would sort every event of a much-read secret to find the newest.
 */
export async function secretAuditEvents(id: string, take = 100, opts: { grants?: boolean } = {}) {
  const newest = (where: Prisma.AuditEventWhereInput) => db.auditEvent.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], take, select: auditTrailSelect });
  const grantEvents = async () => {
    const grants = await db.grant.findMany({ where: { secretId: id }, select: { id: true } });
    return grants.length ? newest({ targetType: "grant", targetId: { in: grants.map((g) => g.id) } }) : [];
  };
  const [own, ofGrants] = await Promise.all([newest({ targetType: "secret", targetId: id }), opts.grants ? grantEvents() : []]);
  return [...own, ...ofGrants]
    .sort((a, b) => b.at.getTime() - a.at.getTime() || Number(b.id - a.id))
    .slice(0, take)
    .map((r) => ({ ...r, id: r.id.toString() }));
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
