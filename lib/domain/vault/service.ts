import "server-only";
import { ensureKeywardBackend } from "@/lib/domain/backends/service";
import { appendAudit, appendAuditGrouped } from "@/lib/audit";
import { authorize, type Actor } from "@/lib/authz/authorize";
import { scopeOf, valueReadPermission, writeOnlyOnProd } from "@/lib/authz/permissions";
import { DecryptionError, decryptValue, encryptValue } from "@/lib/crypto/envelope";
import { keyProvider, sealStatus } from "@/lib/crypto/keyring";
import { db, type Tx } from "@/lib/db";
import { AppError, parse } from "@/lib/errors";
import { z } from "zod";
import type { Environment } from "@/generated/prisma/client";
import { fingerprintStoredValues } from "@/lib/domain/discovery/fingerprint-key";
import { rulesForIdentity, rulesForUser } from "./access";
import { findSecretWithVersion } from "./queries";
import { activeKeyVersion, createKeyVersion, keyRefOf } from "./keys";
import { evaluate, matches, type TCapability } from "./policy";
import { ZPatchSecretValue, ZPutSecretValue, ZReadSecretValue, ZRollback, ZSecretData, ZSecretMetadataWrite, ZSecretRef, ZVersionAction } from "./schemas";

// Stored secret values. A value is returned only by readSecretValue, which authorizes, needs a
// grant and a reason from people, and writes its audit event before answering (fail closed).

export type TVia = "api" | "vault" | "console" | "cli" | "sdk";
export type TSecretData = Record<string, string>;

type TSecretRow = { id: string; path: string; environment: Environment; ownerTeamId: string | null };

const RECOVERY_DAYS = () => Number(process.env.KEYWARD_VAULT_RECOVERY_DAYS ?? 30);
/** Days a soft-deleted version stays recoverable; then the daily purge (./purge.ts) destroys it. */
export const recoveryDays = RECOVERY_DAYS;
/**
 * What destroying a version writes: without the wrapped data key the ciphertext is noise (a
 * crypto-erase); drop it and the value fingerprints too. Person, Vault API and daily purge alike.
 */
export const cryptoErased = (destroyedAt: Date) => ({ destroyedAt, wrappedKey: null, ciphertext: null, nonce: null, valueFingerprints: [] as string[] });

const SECRET_SELECT = { id: true, path: true, environment: true, ownerTeamId: true } as const;

function isWorkload(actor: Actor) {
  return actor.kind === "workload";
}

// Refusals change nothing, so they go through the grouped writer like reads do.
async function auditDenied(actor: Actor, path: string, capability: TCapability, reason: string, secretId: string | null = null) {
  await appendAuditGrouped(actor, { action: "secret.access_denied", targetType: "secret", targetId: secretId, after: { path, capability, reason } });
}

async function refuse(actor: Actor, path: string, capability: TCapability, reason: string, message: string, secretId: string | null = null): Promise<never> {
  await auditDenied(actor, path, capability, reason, secretId);
  throw new AppError("forbidden", message);
}

/** Workloads: their policies and grants decide. Deny by default. */
async function checkWorkload(actor: Actor, path: string, capability: TCapability, secretId: string | null = null) {
  const ownerTeamId = actor.teamIds[0] ?? null;
  const decision = evaluate(await rulesForIdentity(actor.id!, ownerTeamId), path, capability);
  if (!decision.allowed) {
    await refuse(actor, path, capability, decision.reason, `Permission denied: ${capability} on ${path}.`, secretId);
  }
}

/** People: deny rules of their teams' policies apply on top of the role table. */
async function checkPersonDeny(actor: Actor, path: string, capability: TCapability, secretId: string) {
  if (actor.kind === "system") return;
  const rules = (await rulesForUser(actor.id!, actor.teamIds)).filter((r) => r.effect === "deny");
  const decision = evaluate(rules, path, capability);
  if (decision.decidedBy) await refuse(actor, path, capability, decision.reason, `Permission denied: ${decision.reason}.`, secretId);
}

/** Role check that records the refusal; `target` carries the owner team for team scopes. */
async function authorizeOrAudit(actor: Actor, perm: Parameters<typeof authorize>[1], secret: TSecretRow, capability: TCapability, message?: string) {
  try {
    authorize(actor, perm, secret);
  } catch (e) {
    if (e instanceof AppError) await refuse(actor, secret.path, capability, `role ${actor.role}: ${e.message}`, message ?? e.message, secret.id);
    throw e;
  }
}

async function findSecret(ref: { path?: string; secretId?: string }): Promise<TSecretRow | null> {
  return ref.path
    ? db.secret.findUnique({ where: { path: ref.path }, select: SECRET_SELECT })
    : db.secret.findUnique({ where: { id: ref.secretId! }, select: SECRET_SELECT });
}

/** Resolves the secret and checks `capability` (workloads) or `perm` (people). */
async function resolveFor(actor: Actor, ref: { path?: string; secretId?: string }, capability: TCapability, perm: Parameters<typeof authorize>[1]): Promise<TSecretRow> {
  if (isWorkload(actor)) {
    // Check the path first, so a workload cannot learn which paths exist.
    if (ref.path) await checkWorkload(actor, ref.path, capability);
    const secret = await findSecret(ref);
    if (!secret) throw new AppError("not_found", "No such secret.");
    if (!ref.path) await checkWorkload(actor, secret.path, capability, secret.id);
    return secret;
  }
  const secret = await findSecret(ref);
  if (!secret) throw new AppError("not_found", "No such secret.");
  await authorizeOrAudit(actor, perm, secret, capability);
  return secret;
}

/** Decrypts one stored version; the binding to secret and number makes a moved ciphertext fail. */
async function decryptStored(
  provider: ReturnType<typeof keyProvider>,
  secretId: string,
  row: { version: number; ciphertext: Uint8Array | null; nonce: Uint8Array | null; wrappedKey: Uint8Array | null; keyVersionId: string },
): Promise<Buffer> {
  return decryptValue(provider, { secretId, version: row.version }, {
    ciphertext: row.ciphertext ? Buffer.from(row.ciphertext) : null,
    nonce: row.nonce ? Buffer.from(row.nonce) : null,
    wrappedKey: row.wrappedKey ? Buffer.from(row.wrappedKey) : null,
    keyRef: await keyRefOf(row.keyVersionId),
  });
}

function encode(data: TSecretData): Buffer {
  return Buffer.from(JSON.stringify(data), "utf8");
}

function decode(buf: Buffer): TSecretData {
  try {
    return JSON.parse(buf.toString("utf8")) as TSecretData;
  } finally {
    buf.fill(0);
  }
}


/**
 * A write to a path that does not exist yet creates the secret: the path must be
 * <env>/<team>/.../<name> with a known environment and team slug.
 */
async function createSecretForPath(tx: Tx, actor: Actor, path: string, backendId: string): Promise<TSecretRow> {
  const segs = path.split("/");
  const [env, teamSlug] = segs;
  if (segs.length < 3 || !["dev", "staging", "prod"].includes(env)) {
    throw new AppError("validation_failed", "The input is not valid.", { path: ["A new secret's path is <env>/<team>/.../<name>, env one of dev, staging, prod"] });
  }
  const team = await tx.team.findUnique({ where: { slug: teamSlug }, select: { id: true } });
  if (!team) throw new AppError("validation_failed", "The input is not valid.", { path: [`No team with slug "${teamSlug}"`] });
  const row = await tx.secret.create({
    data: {
      name: segs[segs.length - 1],
      path,
      type: "other",
      environment: env as Environment,
      classification: env === "prod" ? "sensitive" : "standard",
      ownerTeamId: team.id,
      backendId,
      vaulted: true,
    },
    select: SECRET_SELECT,
  });
  await appendAudit(tx, actor, { action: "secret.create", targetType: "secret", targetId: row.id, after: { path, via: "vault-write" } });
  return row;
}

/** Stores a new version (current by default, or pending for a rotation). Returns its number. */
export async function putSecretValue(actor: Actor, input: unknown, via: TVia = "api") {
  const data = parse(ZPutSecretValue, input);
  const payload: TSecretData = data.data ?? { value: data.value! };
  let secret = await findSecret(data);
  if (!secret && data.secretId) throw new AppError("not_found", "No such secret.");
  const capability: TCapability = secret ? "update" : "create";
  const path = secret?.path ?? data.path!;
  if (isWorkload(actor)) {
    await checkWorkload(actor, path, capability, secret?.id ?? null);
  } else if (secret) {
    await authorizeOrAudit(actor, "secret:value_write", secret, capability);
    await checkPersonDeny(actor, path, capability, secret.id);
  } else {
    const teamSlug = path.split("/")[1];
    const team = await db.team.findUnique({ where: { slug: teamSlug ?? "" }, select: { id: true } });
    const target = { id: "", path, environment: "dev" as Environment, ownerTeamId: team?.id ?? null };
    await authorizeOrAudit(actor, "secret:create", target, "create");
    await authorizeOrAudit(actor, "secret:value_write", target, "create");
  }
  const provider = keyProvider();
  const key = await activeKeyVersion();
  const backendId = secret ? null : await ensureKeywardBackend();
  return db.$transaction(async (tx) => {
    if (!secret) {
      secret = (await tx.secret.findUnique({ where: { path }, select: SECRET_SELECT })) ?? (await createSecretForPath(tx, actor, path, backendId!));
    }
    const latestNo = await lockForWrite(tx, secret.id, data.cas);
    return insertVersion(tx, actor, secret, latestNo + 1, payload, { stage: data.stage, via, key, provider });
  });
}

/**
 * Serialises writers of one secret so version numbers and stages stay consistent, and checks
 * check-and-set. Returns the latest version number (0: none yet).
 */
async function lockForWrite(tx: Tx, secretId: string, cas: number | undefined): Promise<number> {
  await tx.$queryRaw`SELECT id FROM "Secret" WHERE id = ${secretId}::uuid FOR UPDATE`;
  const latest = await tx.secretVersion.findFirst({ where: { secretId }, orderBy: { version: "desc" }, select: { version: true } });
  const latestNo = latest?.version ?? 0;
  if (cas !== undefined && cas !== latestNo) {
    throw new AppError("conflict", `check-and-set parameter did not match the current version (${latestNo}).`);
  }
  return latestNo;
}

type TKey = { id: string; number: number; keyRef: string };

/** Encrypts `payload` as version `version` (under lockForWrite), moves the stages, audits the write. */
async function insertVersion(
  tx: Tx,
  actor: Actor,
  s: TSecretRow,
  version: number,
  payload: TSecretData,
  opts: { stage: "current" | "pending"; via: TVia; key: TKey; provider: ReturnType<typeof keyProvider>; audit?: Record<string, unknown> },
) {
  const { stage, key } = opts;
  const plaintext = encode(payload);
  try {
    // Keyed fingerprints of the values (never the values) let leak findings match this version.
    const valueFingerprints = fingerprintStoredValues(payload);
    const env = await encryptValue(opts.provider, key.keyRef, { secretId: s.id, version }, plaintext);
    if (stage === "current") {
      await tx.secretVersion.updateMany({ where: { secretId: s.id, stage: "previous" }, data: { stage: null } });
      await tx.secretVersion.updateMany({ where: { secretId: s.id, stage: "current" }, data: { stage: "previous" } });
    } else {
      await tx.secretVersion.updateMany({ where: { secretId: s.id, stage: "pending" }, data: { stage: null } });
    }
    const row = await tx.secretVersion.create({
      data: {
        secretId: s.id,
        version,
        stage,
        ciphertext: new Uint8Array(env.ciphertext),
        nonce: new Uint8Array(env.nonce),
        wrappedKey: new Uint8Array(env.wrappedKey),
        keyVersionId: key.id,
        valueFingerprints,
        createdById: actor.id,
        createdByLabel: actor.label,
      },
      select: { id: true, version: true, stage: true, createdAt: true },
    });
    if (stage === "current" && version > 1) {
      await tx.secret.update({ where: { id: s.id }, data: { lastRotatedAt: row.createdAt } });
    }
    await appendAudit(tx, actor, {
      action: "secret.value_write",
      targetType: "secret",
      targetId: s.id,
      after: { path: s.path, version, stage, via: opts.via, keys: Object.keys(payload).length, keyVersion: key.number, ...opts.audit },
    });
    return { secretId: s.id, path: s.path, version: row.version, stage: row.stage, createdAt: row.createdAt };
  } finally {
    plaintext.fill(0);
  }
}

function etagOf(secretId: string, version: number) {
  return `"${secretId}.${version}"`;
}

export type TReadResult =
  | { notModified: true; etag: string; version: number; secretId: string; path: string }
  | {
      notModified: false;
      etag: string;
      secretId: string;
      path: string;
      version: number;
      stage: string | null;
      createdAt: Date;
      data: TSecretData;
      value: string | null;
    };

/**
 * Returns a value. Workloads: policy "read" on the path. People: the role may read values of
 * that environment (developers never read prod), an explicit active grant covers the secret,
 * no deny rule matches, and a reason is given. Every read and refusal is audited; the value
 * is returned only after its audit event committed.
 */
export async function readSecretValue(actor: Actor, input: unknown, via: TVia = "api", opts: { ifNoneMatch?: string | null } = {}): Promise<TReadResult> {
  const data = parse(ZReadSecretValue, input);
  // Workloads: the path is checked before the lookup, so a workload cannot learn which paths exist.
  if (isWorkload(actor) && data.path) await checkWorkload(actor, data.path, "read");
  // Secret and version in one round trip (the hot path of every workload read).
  const found = await findSecretWithVersion(data, { version: data.version, stage: data.stage ?? "current" });
  if (!found) throw new AppError("not_found", "No such secret.");
  const secret: TSecretRow = { id: found.id, path: found.path, environment: found.environment as Environment, ownerTeamId: found.ownerTeamId };
  let grantId: string | null = null;
  if (isWorkload(actor)) {
    if (!data.path) await checkWorkload(actor, secret.path, "read", secret.id);
  } else {
    const prod = secret.environment === "prod";
    if (prod && writeOnlyOnProd(actor.role)) {
      await refuse(actor, secret.path, "read", "write-only role on prod", "Your role may write prod values but never read them back.", secret.id);
    }
    await authorizeOrAudit(actor, valueReadPermission(secret.environment), secret, "read");
    if (actor.kind !== "system") {
      const decision = evaluate(await rulesForUser(actor.id!, actor.teamIds), secret.path, "read");
      const grant = decision.matched.find((r) => r.effect === "allow" && r.source.kind === "grant");
      if (!decision.allowed) {
        const reason = decision.decidedBy ? decision.reason : "no grant";
        await refuse(actor, secret.path, "read", reason, decision.decidedBy ? `Permission denied: ${decision.reason}.` : "Reading this value needs an explicit grant.", secret.id);
      }
      if (!grant) await refuse(actor, secret.path, "read", "no grant", "Reading this value needs an explicit grant.", secret.id);
      if (!data.reason || data.reason.length < 5) {
        throw new AppError("validation_failed", "Say why you need to see this value.", { reason: ["Give a reason (at least 5 characters)"] });
      }
      grantId = grant!.source.kind === "grant" ? grant!.source.grantId : null;
    }
  }

  if (found.version === null) throw new AppError("not_found", data.version ? `Version ${data.version} does not exist.` : "This secret has no stored value.");
  const row = { ...found, version: found.version, createdAt: found.createdAt!, keyVersionId: found.keyVersionId! };
  if (row.destroyedAt) throw new AppError("not_found", `Version ${row.version} was destroyed.`);
  if (row.deletedAt) throw new AppError("not_found", `Version ${row.version} is deleted (recoverable until ${new Date(row.deletedAt.getTime() + RECOVERY_DAYS() * 86_400_000).toISOString().slice(0, 10)}).`);
  const etag = etagOf(secret.id, row.version);
  if (opts.ifNoneMatch && opts.ifNoneMatch === etag) return { notModified: true, etag, version: row.version, secretId: secret.id, path: secret.path };

  const provider = keyProvider();
  let plaintext: Buffer;
  try {
    plaintext = await decryptStored(provider, secret.id, row);
  } catch (e) {
    if (e instanceof DecryptionError) {
      await db.$transaction((tx) =>
        appendAudit(tx, actor, { action: "secret.integrity_failure", targetType: "secret", targetId: secret.id, after: { path: secret.path, version: row.version, reason: e.reason } }),
      );
      throw new AppError("internal", `Secret ${secret.path} version ${row.version} failed its integrity check and was not returned: ${e.reason === "wrapped_key" ? "the data key does not belong to this version" : "the ciphertext was altered or moved"}. The event was audited.`);
    }
    throw e;
  }
  const values = decode(plaintext);
  // Fail closed: the value is returned only after its audit event committed (grouped with
  // other reads of this process into one multi-row insert).
  try {
    await appendAuditGrouped(actor, {
      action: "secret.value_read",
      targetType: "secret",
      targetId: secret.id,
      after: { path: secret.path, version: row.version, via, ...(data.reason ? { reason: data.reason } : {}) },
    });
  } catch {
    for (const k of Object.keys(values)) values[k] = "";
    throw new AppError("internal", "The read could not be audited, so the value was not returned. Try again shortly.");
  }
  if (grantId) await db.grant.update({ where: { id: grantId }, data: { lastUsedAt: new Date() } });
  const keys = Object.keys(values);
  return {
    notModified: false,
    etag,
    secretId: secret.id,
    path: secret.path,
    version: row.version,
    stage: row.stage,
    createdAt: row.createdAt,
    data: values,
    value: keys.length === 1 && keys[0] === "value" ? values.value : null,
  };
}

/** Version history: numbers, stages, who and when. Never values. */
export async function listVersions(actor: Actor, input: unknown) {
  const ref = parse(ZSecretRef, input);
  const secret = await resolveFor(actor, ref, "read", "secret:read");
  const versions = await db.secretVersion.findMany({
    where: { secretId: secret.id },
    orderBy: { version: "desc" },
    select: { version: true, stage: true, createdAt: true, createdByLabel: true, deletedAt: true, destroyedAt: true, keyVersion: { select: { number: true } } },
  });
  return {
    secretId: secret.id,
    path: secret.path,
    environment: secret.environment,
    ownerTeamId: secret.ownerTeamId,
    versions: versions.map((v) => ({ ...v, keyVersion: v.keyVersion.number })),
  };
}

/** Makes an earlier version current again, as a new version with the same value. */
export async function rollbackSecret(actor: Actor, input: unknown, via: TVia = "api") {
  const data = parse(ZRollback, input);
  const secret = await resolveFor(actor, data, "update", "secret:value_destroy");
  const row = await db.secretVersion.findUnique({ where: { secretId_version: { secretId: secret.id, version: data.version } } });
  if (!row || row.destroyedAt || row.deletedAt) throw new AppError("not_found", `Version ${data.version} cannot be restored (missing, deleted or destroyed).`);
  const plaintext = await decryptStored(keyProvider(), secret.id, row);
  const values = decode(plaintext);
  const result = await putSecretValue(systemLike(actor), { secretId: secret.id, data: values }, via);
  await db.$transaction((tx) =>
    appendAudit(tx, actor, { action: "secret.value_rollback", targetType: "secret", targetId: secret.id, after: { from: data.version, newVersion: result.version } }),
  );
  return result;
}

// The rollback was authorized above; the inner write must not re-check a role that may
// lack plain write rights (e.g. a workload with "update" but a person without value_write).
function systemLike(actor: Actor): Actor {
  return { ...actor, kind: "system", role: "admin" };
}

async function versionAction(actor: Actor, input: unknown, kind: "delete" | "undelete" | "destroy") {
  const data = parse(ZVersionAction, input);
  const secret = await resolveFor(actor, data, "delete", "secret:value_destroy");
  const now = new Date();
  const cutoff = new Date(now.getTime() - RECOVERY_DAYS() * 86_400_000);
  return db.$transaction(async (tx) => {
    const where = { secretId: secret.id, version: { in: data.versions }, destroyedAt: null };
    const res =
      kind === "delete"
        ? await tx.secretVersion.updateMany({ where: { ...where, deletedAt: null }, data: { deletedAt: now } })
        : kind === "undelete"
          ? await tx.secretVersion.updateMany({ where: { ...where, deletedAt: { gt: cutoff } }, data: { deletedAt: null } })
          : await tx.secretVersion.updateMany({ where, data: cryptoErased(now) });
    await appendAudit(tx, actor, {
      action: `secret.value_${kind}`,
      targetType: "secret",
      targetId: secret.id,
      after: { path: secret.path, versions: data.versions, changed: res.count },
    });
    return { secretId: secret.id, changed: res.count };
  });
}

export const softDeleteVersions = (actor: Actor, input: unknown) => versionAction(actor, input, "delete");
export const recoverVersions = (actor: Actor, input: unknown) => versionAction(actor, input, "undelete");
export const destroyVersions = (actor: Actor, input: unknown) => versionAction(actor, input, "destroy");

/**
 * Vault's PATCH: a JSON merge patch (RFC 7386: null removes a key) of the current version's data,
 * stored as a new current version. The current value is decrypted here only and never returned,
 * so a patch needs write rights ("update"), not read rights, like any write.
 */
export async function patchSecretValue(actor: Actor, input: unknown, via: TVia = "vault") {
  const data = parse(ZPatchSecretValue, input);
  const secret = await resolveFor(actor, data, "update", "secret:value_write");
  if (!isWorkload(actor)) await checkPersonDeny(actor, secret.path, "update", secret.id);
  const provider = keyProvider();
  const key = await activeKeyVersion();
  return db.$transaction(async (tx) => {
    const latestNo = await lockForWrite(tx, secret.id, data.cas);
    const cur = await tx.secretVersion.findFirst({ where: { secretId: secret.id, stage: "current" }, orderBy: { version: "desc" } });
    if (!cur || cur.deletedAt || cur.destroyedAt || !cur.ciphertext) throw new AppError("not_found", "No current value to patch: write the whole data map instead.");
    let values: TSecretData;
    try {
      values = decode(await decryptStored(provider, secret.id, cur));
    } catch (e) {
      if (e instanceof DecryptionError) throw new AppError("internal", `Secret ${secret.path} version ${cur.version} failed its integrity check, so it was not patched.`);
      throw e;
    }
    try {
      let removed = 0;
      for (const [k, v] of Object.entries(data.data)) {
        if (v === null) removed += k in values ? (delete values[k], 1) : 0;
        else values[k] = v;
      }
      const merged = ZSecretData.safeParse(values);
      if (!merged.success) throw new AppError("validation_failed", "The patched data must keep between 1 and 100 keys.", { data: ["The patched data must keep between 1 and 100 keys"] });
      return await insertVersion(tx, actor, secret, latestNo + 1, merged.data, {
        stage: "current",
        via,
        key,
        provider,
        audit: { patchedFrom: cur.version, keysSet: Object.values(data.data).filter((v) => v !== null).length, keysRemoved: removed },
      });
    } finally {
      for (const k of Object.keys(values)) values[k] = "";
    }
  });
}

/** Vault's DELETE of data: soft-deletes the version a read returns (the current one); again is a no-op. */
export async function deleteCurrentVersion(actor: Actor, input: unknown) {
  const ref = parse(ZSecretRef, input);
  const secret = await resolveFor(actor, ref, "delete", "secret:value_destroy");
  const cur =
    (await db.secretVersion.findFirst({ where: { secretId: secret.id, stage: "current" }, orderBy: { version: "desc" }, select: { version: true, deletedAt: true, destroyedAt: true } })) ??
    (await db.secretVersion.findFirst({ where: { secretId: secret.id }, orderBy: { version: "desc" }, select: { version: true, deletedAt: true, destroyedAt: true } }));
  if (!cur || cur.deletedAt || cur.destroyedAt) return { secretId: secret.id, changed: 0 };
  return softDeleteVersions(actor, { secretId: secret.id, versions: [cur.version] });
}

/**
 * Vault's metadata DELETE ("delete all versions and metadata"): every version is destroyed
 * (crypto-erased) and, for a secret Keyward holds (Keyward backend), the inventory entry is
 * deleted too; an entry describing a secret that lives in another backend stays, without the
 * copies Keyward stored. One transaction, audited; needs "delete" (workloads) or value_destroy
 * and secret:delete (people).
 */
export async function deleteSecretAndVersions(actor: Actor, input: unknown) {
  const ref = parse(ZSecretRef, input);
  const secret = await resolveFor(actor, ref, "delete", "secret:value_destroy");
  const { backend } = await db.secret.findUniqueOrThrow({ where: { id: secret.id }, select: { backend: { select: { kind: true } } } });
  const removeEntry = backend.kind === "keyward";
  if (!isWorkload(actor)) {
    if (removeEntry) await authorizeOrAudit(actor, "secret:delete", secret, "delete");
    await checkPersonDeny(actor, secret.path, "delete", secret.id);
  }
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Secret" WHERE id = ${secret.id}::uuid FOR UPDATE`;
    const live = await tx.secretVersion.findMany({ where: { secretId: secret.id, destroyedAt: null }, select: { version: true }, orderBy: { version: "asc" } });
    const res = await tx.secretVersion.updateMany({
      where: { secretId: secret.id, destroyedAt: null },
      data: cryptoErased(new Date()),
    });
    await appendAudit(tx, actor, {
      action: "secret.value_destroy",
      targetType: "secret",
      targetId: secret.id,
      after: { path: secret.path, versions: live.map((v) => v.version), changed: res.count, via: "vault-metadata-delete" },
    });
    if (removeEntry) {
      await tx.secret.delete({ where: { id: secret.id } });
      await appendAudit(tx, actor, {
        action: "secret.delete",
        targetType: "secret",
        targetId: secret.id,
        before: { path: secret.path, environment: secret.environment, ownerTeamId: secret.ownerTeamId },
        after: { via: "vault-metadata-delete" },
      });
    }
    return { secretId: secret.id, destroyed: res.count, removedFromInventory: removeEntry };
  });
}

/** Vault's metadata write: custom metadata kept as "key=value" tags (other tags stay). */
export async function writeSecretMetadata(actor: Actor, input: unknown) {
  const data = parse(ZSecretMetadataWrite, input);
  const secret = await resolveFor(actor, { path: data.path }, "update", "secret:update");
  if (!isWorkload(actor)) await checkPersonDeny(actor, secret.path, "update", secret.id);
  if (!data.customMetadata) return;
  const custom = data.customMetadata;
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Secret" WHERE id = ${secret.id}::uuid FOR UPDATE`;
    const { tags } = await tx.secret.findUniqueOrThrow({ where: { id: secret.id }, select: { tags: true } });
    const next = [...tags.filter((t) => !t.includes("=")), ...Object.entries(custom).map(([k, v]) => `${k}=${v}`)];
    if (next.length > 50) throw new AppError("validation_failed", "A secret has at most 50 tags.", { custom_metadata: ["Too many keys: a secret has at most 50 tags"] });
    await tx.secret.update({ where: { id: secret.id }, data: { tags: next } });
    await appendAudit(tx, actor, { action: "secret.update", targetType: "secret", targetId: secret.id, before: { tags }, after: { tags: next, via: "vault-metadata" } });
  });
}

/** Custom metadata as Vault shows it: the "key=value" tags (null when there are none). */
export function customMetadataOf(tags: string[]): Record<string, string> | null {
  const pairs = tags.filter((t) => t.includes("=")).map((t) => [t.slice(0, t.indexOf("=")), t.slice(t.indexOf("=") + 1)] as const);
  return pairs.length ? Object.fromEntries(pairs) : null;
}

/** Metadata for the Vault metadata endpoint and the console: no values. */
export async function secretMetadata(actor: Actor, input: unknown) {
  const { path, versions } = await listVersions(actor, input);
  const secret = await db.secret.findUniqueOrThrow({ where: { path }, select: { id: true, createdAt: true, updatedAt: true, tags: true } });
  return { ...secret, path, versions, customMetadata: customMetadataOf(secret.tags) };
}

/** Paths under a prefix that the caller may list (Vault LIST). */
export async function listSecretKeys(actor: Actor, prefix: string) {
  const clean = prefix.replace(/^\/+|\/+$/g, "");
  const like = clean ? clean + "/" : "";
  if (isWorkload(actor)) await checkWorkload(actor, like || "*", "list");
  else authorize(actor, "secret:read");
  const rows = await db.secret.findMany({
    where: { path: { startsWith: like }, versions: { some: {} }, ...(isWorkload(actor) || scopeOf(actor.role, "secret:read") === "all" ? {} : { ownerTeamId: { in: actor.teamIds } }) },
    select: { path: true },
    take: 5000,
  });
  const keys = new Set<string>();
  for (const r of rows) {
    const rest = r.path.slice(like.length);
    const i = rest.indexOf("/");
    keys.add(i === -1 ? rest : rest.slice(0, i + 1));
  }
  return [...keys].sort();
}

/** Starts a KEK rotation: a new key version for new writes, and a job that re-wraps the rest. */
export async function rotateKeyEncryptionKey(actor: Actor, opts: { enqueue?: boolean } = {}) {
  authorize(actor, "vault:keys");
  const current = await activeKeyVersion();
  const next = await createKeyVersion(current.number + 1);
  const run = await db.$transaction(async (tx) => {
    await tx.keyVersion.updateMany({ where: { status: "active", id: { not: next.id } }, data: { status: "retired", retiredAt: new Date() } });
    const run = await tx.jobRun.create({ data: { kind: "vault.rewrap", requestedById: actor.id, message: `re-wrap data keys under key version ${next.number}` } });
    await appendAudit(tx, actor, { action: "vault.kek_rotate", targetType: "key_version", targetId: next.id, before: { number: current.number }, after: { number: next.number, jobRunId: run.id } });
    return run;
  });
  if (opts.enqueue !== false) {
    const { enqueue } = await import("@/lib/jobs/queue");
    await enqueue("vault.rewrap", { keyVersionId: next.id, jobRunId: run.id }, { jobId: `vault.rewrap.${next.id}` });
  }
  return { keyVersion: next.number, keyVersionId: next.id, jobRunId: run.id };
}

export async function keyStatus(actor: Actor) {
  authorize(actor, "vault:keys");
  const versions = await db.keyVersion.findMany({ orderBy: { number: "desc" }, select: { id: true, number: true, provider: true, status: true, createdAt: true, retiredAt: true, _count: { select: { versions: true } } } });
  return versions;
}

export { matches };

/** The secret detail page's vault panel: versions (never values), environment and seal state. */
export async function secretVaultView(actor: Actor, secretId: unknown) {
  const id = parse(z.uuid(), secretId);
  // listVersions already resolved the secret (environment, owner team): no second lookup.
  return { ...(await listVersions(actor, { secretId: id })), seal: sealStatus() };
}
