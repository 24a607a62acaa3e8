import "server-only";
import { z } from "zod";
import { appendAudit } from "@/lib/audit";
import { systemActor, type Actor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { connectors } from "@/lib/connectors/registry";
import type { TDiscoveredAccount, TDiscoveredCertificate, TDiscoveredSecret, TDiscoveryBatch } from "@/lib/connectors/types";
import { createSecret, updateSecret } from "@/lib/domain/inventory/service";
import { finishJobRun, reportProgress, startJobRun } from "@/lib/jobs/runs";
import { Scanner } from "@/lib/scanner/engine";
import type { BackendKind, Prisma } from "@/generated/prisma/client";
import { serverFingerprintKey } from "./fingerprint-key";
import type { TConnectorKind } from "./schemas";
import { ingestFindings, readConnectorCredentials } from "./service";

// The discovery.run job: runs one connector and records what it reports, batch by batch.

export const ZDiscoveryRunJob = z.strictObject({ connectorId: z.uuid(), jobRunId: z.uuid().optional() });

const BACKEND_KIND: Partial<Record<TConnectorKind, BackendKind>> = {
  "vault-kv": "vault_kv",
  "aws-sm": "aws_sm",
  "azure-kv": "azure_kv",
  "gcp-sm": "gcp_sm",
};

function date(s: string | null | undefined): Date | null {
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

function safeSegment(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "").slice(0, 120) || "x";
}

/** Certificates a run reported: created or refreshed (exported for the demo seed's past runs). */
export async function recordCertificates(actor: Actor, connectorId: string, certs: TDiscoveredCertificate[], now = new Date()) {
  if (!certs.length) return 0;
  await db.$transaction(async (tx) => {
    let created = 0;
    for (const c of certs) {
      const data = {
        subject: c.subject, sans: c.sans, issuer: c.issuer, serial: c.serial, notBefore: new Date(c.notBefore), notAfter: new Date(c.notAfter),
        keyAlgorithm: c.keyAlgorithm, selfSigned: c.selfSigned, isCa: c.isCa, chainIndex: c.chainIndex, source: c.source, connectorId, lastSeenAt: now,
      };
      // Insert-or-skip is atomic (ON CONFLICT DO NOTHING): two connectors reaching the same
      // endpoint at once cannot both create it; the one that finds it refreshes it instead.
      const key = { fingerprintSha256: c.fingerprintSha256, location: c.location };
      const inserted = await tx.certificate.createMany({ data: [{ ...data, ...key, firstSeenAt: now }], skipDuplicates: true });
      if (inserted.count) created++;
      else await tx.certificate.update({ where: { fingerprintSha256_location: key }, data });
    }
    await appendAudit(tx, actor, { action: "discovery.certificates", targetType: "connector", targetId: connectorId, after: { seen: certs.length, created } });
  });
  return certs.length;
}

/** Database accounts a run reported, linked to inventory secrets by their refs (exported for the demo seed). */
export async function recordAccounts(actor: Actor, connector: { id: string; backendId: string | null }, accounts: TDiscoveredAccount[], seen: Set<string>, now = new Date()) {
  if (!accounts.length) return 0;
  await db.$transaction(async (tx) => {
    let created = 0;
    let linked = 0;
    for (const a of accounts) {
      seen.add(a.name);
      const refs = [...new Set(a.refs)];
      const secret = await tx.secret.findFirst({
        where: { OR: [{ externalRef: { in: refs } }, ...(connector.backendId ? [{ backendId: connector.backendId, externalRef: a.name }] : [])] },
        orderBy: { createdAt: "asc" },
        select: { id: true },
      });
      if (secret) linked++;
      const data = {
        engine: a.engine, server: a.server, canLogin: a.canLogin, superuser: a.superuser, passwordSet: a.passwordSet,
        passwordExpiresAt: date(a.passwordExpiresAt), lastUsedAt: date(a.lastUsedAt), looksUnused: a.looksUnused, unusedReason: a.unusedReason,
        details: a.details as Prisma.InputJsonValue, secretId: secret?.id ?? null, lastSeenAt: now, goneAt: null,
      };
      const key = { connectorId: connector.id, name: a.name };
      const inserted = await tx.databaseAccount.createMany({ data: [{ ...data, ...key, firstSeenAt: now }], skipDuplicates: true });
      if (inserted.count) created++;
      else await tx.databaseAccount.update({ where: { connectorId_name: key }, data });
    }
    await appendAudit(tx, actor, { action: "discovery.accounts", targetType: "connector", targetId: connector.id, after: { seen: accounts.length, created, linked } });
  });
  return accounts.length;
}

/** Secrets of another vault: created or refreshed in the inventory (metadata only) through the inventory's own use cases. */
async function recordVaultedSecrets(
  actor: Actor,
  connector: { id: string; kind: string; name: string; ownerTeamId: string | null; backendId: string | null; config: Record<string, unknown> },
  secrets: TDiscoveredSecret[],
) {
  if (!secrets.length) return { created: 0, updated: 0 };
  let backendId = connector.backendId;
  if (!backendId) {
    const kind = BACKEND_KIND[connector.kind as TConnectorKind] ?? "vault_kv";
    const b = await db.backend.upsert({
      where: { name: `${connector.name} (discovered)` },
      create: { name: `${connector.name} (discovered)`, kind, description: `Found by the discovery connector "${connector.name}"` },
      update: {},
      select: { id: true },
    });
    backendId = b.id;
    await db.connector.update({ where: { id: connector.id }, data: { backendId } });
    connector.backendId = backendId;
  }
  const team = connector.ownerTeamId ? await db.team.findUnique({ where: { id: connector.ownerTeamId }, select: { slug: true } }) : null;
  const environment = (["dev", "staging", "prod"].includes(String(connector.config.environment)) ? connector.config.environment : "prod") as "dev" | "staging" | "prod";
  let created = 0;
  let updated = 0;
  for (const s of secrets) {
    const tags = Object.entries(s.tags ?? {}).map(([k, v]) => (v ? `${k}:${v}` : k).replace(/,/g, ";").slice(0, 50)).filter((t) => t.trim()).slice(0, 40);
    tags.push("discovered");
    const lastRotatedAt = date(s.lastRotatedAt) ?? date(s.lastChangedAt);
    const fields = {
      description: (s.description ?? "").slice(0, 2000),
      lastRotatedAt: lastRotatedAt ? lastRotatedAt.toISOString() : null,
      expiresAt: date(s.expiresAt)?.toISOString() ?? null,
      rotationPeriodDays: s.rotationEnabled && s.rotationPeriodDays ? Math.min(3650, Math.max(1, Math.round(s.rotationPeriodDays))) : null,
      tags: [...new Set(tags)],
    };
    const existing = await db.secret.findFirst({ where: { backendId, externalRef: s.externalRef }, select: { id: true } });
    if (existing) {
      await updateSecret(actor, existing.id, fields);
      updated++;
    } else {
      const name = safeSegment(s.name).replace(/^[^A-Za-z0-9]+/, "") || "secret";
      const refPath = s.externalRef.split("/").map(safeSegment).join("/");
      await createSecret(actor, {
        name,
        path: `${environment}/${team?.slug ?? "unowned"}/${safeSegment(connector.name.toLowerCase())}/${refPath}`.slice(0, 500),
        type: "other",
        environment,
        classification: environment === "prod" ? "sensitive" : "standard",
        ownerTeamId: connector.ownerTeamId,
        backendId,
        externalRef: s.externalRef.slice(0, 500),
        ...fields,
      });
      created++;
    }
  }
  return { created, updated };
}

/**
 * Runs a connector now (the worker's job; tests call it directly). A scheduled run arrives
 * without a JobRun and makes its own. The connector's cursor state is saved only when the run
 * succeeds, so a failed incremental run is repeated in full next time.
 */
export async function runDiscovery(input: z.input<typeof ZDiscoveryRunJob>) {
  const { connectorId } = ZDiscoveryRunJob.parse(input);
  const actor = systemActor("discovery");
  const connector = await db.connector.findUnique({ where: { id: connectorId } });
  if (!connector) throw new Error(`connector ${connectorId} no longer exists`);
  let jobRunId = input.jobRunId;
  if (!jobRunId) {
    const jr = await db.jobRun.create({ data: { kind: "discovery.run", message: `scheduled: ${connector.name}` } });
    await db.discoveryRun.create({ data: { connectorId, jobRunId: jr.id } });
    await db.connector.update({ where: { id: connectorId }, data: { lastJobRunId: jr.id } });
    jobRunId = jr.id;
    await startJobRun(jobRunId);
  }
  const startedAt = new Date();
  await db.discoveryRun.update({ where: { jobRunId }, data: { status: "running", startedAt } });
  await db.connector.update({ where: { id: connectorId }, data: { lastStatus: "running", lastRunAt: startedAt } });

  const def = connectors[connector.kind as TConnectorKind];
  const warnings: string[] = [];
  const stats: Record<string, number> = { findings: 0, newFindings: 0, locations: 0, compromised: 0, certificates: 0, accounts: 0, secretsCreated: 0, secretsUpdated: 0 };
  const seenAccounts = new Set<string>();
  const config = { ...(connector.config as Record<string, unknown>) };
  const jr = jobRunId;
  try {
    if (!def) throw new Error(`unknown connector kind ${connector.kind}`);
    // Parsed again at run time: settings that were valid when saved may not be now (e.g. a
    // file-system path outside a since-narrowed KEYWARD_SCAN_ROOTS).
    const parsed = def.configSchema.safeParse(config);
    if (!parsed.success) throw new Error(`invalid settings: ${parsed.error.issues.map((i) => `${["config", ...i.path].join(".")}: ${i.message}`).join("; ")}`);
    const parsedConfig = parsed.data;
    const creds = await readConnectorCredentials(connector.credentialsPath);
    const scanner = new Scanner({ fingerprintKey: serverFingerprintKey() });
    const emit = async (batch: TDiscoveryBatch) => {
      if (batch.findings?.length) {
        const r = await ingestFindings(actor, { connectorId, findings: batch.findings });
        stats.findings! += r.created + r.seen;
        stats.newFindings! += r.created;
        stats.locations! += r.locations;
        stats.compromised! += r.compromised.length;
      }
      if (batch.certificates?.length) stats.certificates! += await recordCertificates(actor, connectorId, batch.certificates);
      if (batch.accounts?.length) stats.accounts! += await recordAccounts(actor, connector, batch.accounts, seenAccounts);
      if (batch.secrets?.length) {
        const r = await recordVaultedSecrets(actor, { ...connector, config }, batch.secrets);
        stats.secretsCreated! += r.created;
        stats.secretsUpdated! += r.updated;
      }
    };
    const result = await def.discover(parsedConfig as never, creds as never, {
      connectorId,
      scanner,
      state: (connector.state as Record<string, unknown>) ?? {},
      emit,
      progress: (done, total, message) => reportProgress(jr, done, total, message ?? ""),
      warn: (m) => {
        if (warnings.length < 100) warnings.push(m.slice(0, 500));
      },
    });
    Object.assign(stats, result.stats ?? {});
    if (def.capabilities.includes("accounts")) {
      // Accounts not seen by a complete run no longer exist on the server.
      await db.databaseAccount.updateMany({ where: { connectorId, goneAt: null, name: { notIn: [...seenAccounts] } }, data: { goneAt: new Date() } });
    }
    const finishedAt = new Date();
    const summary = `${stats.findings} findings (${stats.newFindings} new), ${stats.certificates} certificates, ${stats.accounts} accounts, ${stats.secretsCreated + stats.secretsUpdated} inventory secrets${warnings.length ? `, ${warnings.length} warnings` : ""}`;
    await db.$transaction(async (tx) => {
      await tx.discoveryRun.update({ where: { jobRunId: jr }, data: { status: "succeeded", finishedAt, stats, errors: warnings } });
      await tx.connector.update({
        where: { id: connectorId },
        data: { lastStatus: "succeeded", lastError: warnings.length ? warnings.slice(0, 5).join("; ").slice(0, 2000) : null, ...(result.state ? { state: result.state as Prisma.InputJsonValue } : {}) },
      });
      await tx.jobRun.update({ where: { id: jr }, data: { message: summary } });
      await appendAudit(tx, actor, { action: "discovery.run", targetType: "connector", targetId: connectorId, after: { jobRunId: jr, status: "succeeded", stats, warnings: warnings.length } });
    });
    if (!input.jobRunId) await finishJobRun(jr, "succeeded", { stats, warnings });
    return { stats, warnings };
  } catch (e) {
    const message = (e as Error).message.slice(0, 2000);
    await db.$transaction(async (tx) => {
      await tx.discoveryRun.update({ where: { jobRunId: jr }, data: { status: "failed", finishedAt: new Date(), stats, errors: [...warnings, message] } });
      await tx.connector.update({ where: { id: connectorId }, data: { lastStatus: "failed", lastError: message } });
      await appendAudit(tx, actor, { action: "discovery.run", targetType: "connector", targetId: connectorId, after: { jobRunId: jr, status: "failed", error: message } });
    });
    if (!input.jobRunId) await finishJobRun(jr, "failed", { error: message });
    throw e;
  }
}
