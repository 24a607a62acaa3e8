import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";

// The workload read path's queries, each one round trip (Prisma's relation loads would take
// three for the token and two for secret + version): every value read runs them.

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

export async function findTokenByHash(tokenHash: string): Promise<TTokenRow | null> {
  const rows = await db.$queryRaw<TTokenRow[]>`
    SELECT t.id::text, t.accessor, t."expiresAt", t."revokedAt", t."lastUsedAt",
           i.id::text AS "identityId", i.name AS "identityName", i.environment::text AS environment, i."disabledAt",
           a."ownerTeamId"::text AS "ownerTeamId"
      FROM "AccessToken" t
      JOIN "WorkloadIdentity" i ON i.id = t."identityId"
      JOIN "Application" a ON a.id = i."applicationId"
     WHERE t."tokenHash" = ${tokenHash}`;
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
export async function findSecretWithVersion(ref: { path?: string; secretId?: string }, pick: { version?: number; stage: string }): Promise<TSecretVersionRow | null> {
  const version = pick.version ?? null;
  const rows = await db.$queryRaw<TSecretVersionRow[]>`
    SELECT s.id::text, s.path, s.environment::text AS environment, s."ownerTeamId"::text AS "ownerTeamId",
           v.version, v.stage::text AS stage, v."createdAt", v."deletedAt", v."destroyedAt", v.ciphertext, v.nonce, v."wrappedKey", v."keyVersionId"::text AS "keyVersionId"
      FROM "Secret" s
      LEFT JOIN LATERAL (
        SELECT * FROM "SecretVersion" sv
         WHERE sv."secretId" = s.id
           AND (CASE WHEN ${version}::int IS NULL THEN sv.stage::text = ${pick.stage} ELSE sv.version = ${version}::int END)
         ORDER BY sv.version DESC LIMIT 1
      ) v ON true
     WHERE ${ref.path ? Prisma.sql`s.path = ${ref.path}` : Prisma.sql`s.id = ${ref.secretId!}::uuid`}`;
  return rows[0] ?? null;
}
