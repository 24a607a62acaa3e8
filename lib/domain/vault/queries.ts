import "server-only";
import pg from "pg";
import { z } from "zod";
import { authorize, type Actor } from "@/lib/authz/authorize";
import { sealStatus } from "@/lib/crypto/keyring";
import { db } from "@/lib/db";
import { AppError, parse } from "@/lib/errors";
import type { TRule } from "./policy";
import { cachedRead } from "./read-cache";

// The workload read path's queries, each one round trip (Prisma's relation loads would take
// three for the token and two for secret + version): every value read runs them. They go
// through a small pg pool of their own: measured here, plain pg answers these two queries 2-3x
// faster than Prisma's $queryRaw under load, and they are most of a read's database work.
// Both are cached per process (read-cache.ts). They are named (prepared once per connection): planning these joins cost PostgreSQL 10-20x
// more than running them, and the read rate more than doubled once plans were reused.

const gRead = globalThis as unknown as { keywardVaultReadPool?: pg.Pool };

// timestamp(3) columns hold UTC without a zone: parse them as UTC whatever the process's TZ.
const utcTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === 1114 ? (v: string) => new Date(v.replace(" ", "T") + "Z") : (pg.types.getTypeParser as (o: number, f?: string) => unknown)(oid, format)) as typeof pg.types.getTypeParser,
};

function readPool(): pg.Pool {
  if (!gRead.keywardVaultReadPool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    const pool = new pg.Pool({ connectionString, max: Number(process.env.KEYWARD_VAULT_READ_POOL_SIZE ?? 8), types: utcTypes, connectionTimeoutMillis: 5000, statement_timeout: 5000 });
    pool.on("error", () => {}); // a dropped idle connection: the next query reconnects
    gRead.keywardVaultReadPool = pool;
  }
  return gRead.keywardVaultReadPool;
}

export type TTokenRow = {
  id: string;
  accessor: string;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  identityId: string;
  identityName: string;
  environment: string;
  disabledAt: Date | null;
  ownerTeamId: string | null;
};

export function findTokenByHash(tokenHash: string): Promise<TTokenRow | null> {
  return cachedRead(`token:${tokenHash}`, () => loadToken(tokenHash));
}

async function loadToken(tokenHash: string): Promise<TTokenRow | null> {
  const { rows } = await readPool().query<TTokenRow>({
    name: "kw-token-by-hash",
    text: `SELECT t.id::text, t.accessor, t."expiresAt", t."revokedAt", t."lastUsedAt",
            i.id::text AS "identityId", i.name AS "identityName", i.environment::text AS environment, i."disabledAt",
            a."ownerTeamId"::text AS "ownerTeamId"
       FROM "AccessToken" t
       JOIN "WorkloadIdentity" i ON i.id = t."identityId"
       JOIN "Application" a ON a.id = i."applicationId"
      WHERE t."tokenHash" = $1`,
    values: [tokenHash],
  });
  return rows[0] ?? null;
}

export type TSecretVersionRow = {
  id: string;
  path: string;
  environment: "dev" | "staging" | "prod";
  ownerTeamId: string | null;
  // The version asked for; all null when there is none.
  version: number | null;
  stage: string | null;
  createdAt: Date | null;
  deletedAt: Date | null;
  destroyedAt: Date | null;
  ciphertext: Uint8Array | null;
  nonce: Uint8Array | null;
  wrappedKey: Uint8Array | null;
  keyVersionId: string | null;
};

/** A secret (by path or id) with one version: `version` if given, else the newest of `stage`. */
export function findSecretWithVersion(ref: { path?: string; secretId?: string }, pick: { version?: number; stage: string }): Promise<TSecretVersionRow | null> {
  const key = `secret:${ref.path ? `path:${ref.path}` : `id:${ref.secretId}`}:${pick.version ?? ""}:${pick.stage}`;
  return cachedRead(key, () => loadSecretWithVersion(ref, pick));
}

async function loadSecretWithVersion(ref: { path?: string; secretId?: string }, pick: { version?: number; stage: string }): Promise<TSecretVersionRow | null> {
  const { rows } = await readPool().query<TSecretVersionRow>({
    name: ref.path ? "kw-secret-version-by-path" : "kw-secret-version-by-id",
    text: `SELECT s.id::text, s.path, s.environment::text AS environment, s."ownerTeamId"::text AS "ownerTeamId",
            v.version, v.stage::text AS stage, v."createdAt", v."deletedAt", v."destroyedAt", v.ciphertext, v.nonce, v."wrappedKey", v."keyVersionId"::text AS "keyVersionId"
       FROM "Secret" s
       LEFT JOIN LATERAL (
         SELECT * FROM "SecretVersion" sv
          WHERE sv."secretId" = s.id
            AND (CASE WHEN $2::int IS NULL THEN sv.stage::text = $3 ELSE sv.version = $2::int END)
          ORDER BY sv.version DESC LIMIT 1
       ) v ON true
      WHERE ${ref.path ? "s.path = $1" : "s.id = $1::uuid"}`,
    values: [ref.path ?? ref.secretId, pick.version ?? null, pick.stage],
  });
  return rows[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Console views (metadata only: no values, no secrets of identities).

/** Workload identities the actor may manage (team scope: their teams' applications). */
export async function listWorkloadIdentities(actor: Actor) {
  const scope = authorize(actor, "vault:identity");
  const now = new Date();
  const rows = await db.workloadIdentity.findMany({
    where: scope === "team" ? { application: { ownerTeamId: { in: actor.teamIds } } } : {},
    orderBy: { name: "asc" },
    take: 1000,
    select: {
      id: true,
      name: true,
      environment: true,
      clientId: true,
      clientSecretPrefix: true,
      jwtIssuer: true,
      jwtAudience: true,
      jwtSubjects: true,
      tokenTtlSeconds: true,
      tokenMaxTtlSeconds: true,
      disabledAt: true,
      createdAt: true,
      application: { select: { id: true, name: true, ownerTeam: { select: { name: true } } } },
      policyAttachments: { select: { policy: { select: { name: true } } } },
      _count: { select: { tokens: { where: { revokedAt: null, expiresAt: { gt: now } } } } },
    },
  });
  return rows.map(({ _count, policyAttachments, ...r }) => ({ ...r, liveTokens: _count.tokens, policies: policyAttachments.map((a) => a.policy.name) }));
}

/** Applications the actor may create identities for. */
export async function identityApplicationOptions(actor: Actor) {
  const scope = authorize(actor, "vault:identity");
  return db.application.findMany({
    where: scope === "team" ? { ownerTeamId: { in: actor.teamIds } } : {},
    orderBy: { name: "asc" },
    take: 2000,
    select: { id: true, name: true, environments: true },
  });
}

/** Policies with their rules and where they are attached, and the choices for the forms. */
export async function policyOverview(actor: Actor) {
  authorize(actor, "vault:policy");
  const [policies, identities, teams, users] = await Promise.all([
    db.policy.findMany({
      orderBy: { name: "asc" },
      take: 1000,
      select: {
        id: true,
        name: true,
        description: true,
        rules: true,
        updatedAt: true,
        attachments: { select: { id: true, identity: { select: { id: true, name: true } }, team: { select: { id: true, name: true } } } },
      },
    }),
    db.workloadIdentity.findMany({ orderBy: { name: "asc" }, take: 2000, select: { id: true, name: true } }),
    db.team.findMany({ orderBy: { name: "asc" }, take: 2000, select: { id: true, name: true } }),
    db.user.findMany({ orderBy: { email: "asc" }, take: 2000, select: { id: true, email: true } }),
  ]);
  return { policies: policies.map((p) => ({ ...p, rules: p.rules as TRule[] })), identities, teams, users };
}

/** Key-encryption key versions, re-wrap runs and the seal state. */
export async function keyOverview(actor: Actor) {
  authorize(actor, "vault:keys");
  const [versions, runs] = await Promise.all([
    db.keyVersion.findMany({
      orderBy: { number: "desc" },
      select: { id: true, number: true, provider: true, keyRef: true, status: true, createdAt: true, retiredAt: true, _count: { select: { versions: true } } },
    }),
    db.jobRun.findMany({ where: { kind: "vault.rewrap" }, orderBy: { createdAt: "desc" }, take: 5 }),
  ]);
  return { versions: versions.map(({ _count, ...v }) => ({ ...v, wrapped: _count.versions })), runs, seal: sealStatus() };
}

/** One re-wrap run's progress, for the keys page's polling. */
export async function rewrapProgress(actor: Actor, jobRunId: unknown) {
  authorize(actor, "vault:keys");
  const id = parse(z.uuid(), jobRunId);
  const run = await db.jobRun.findFirst({ where: { id, kind: "vault.rewrap" } });
  if (!run) throw new AppError("not_found", "No such key rotation.");
  return run;
}
