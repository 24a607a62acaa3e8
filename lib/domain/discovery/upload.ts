import "server-only";
import { createHash } from "node:crypto";
import { appendAudit } from "@/lib/audit";
import { authorize, type Actor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { AppError, parse } from "@/lib/errors";
import { gitRepositoryName } from "@/lib/connectors/git";
import { repositoryKey, withoutCredentials } from "@/lib/connectors/git-url";
import { serverFingerprintKey } from "./fingerprint-key";
import { CI_UPLOAD_SOURCE, ZScanUpload, type TIngestFinding } from "./schemas";
import { recordFindings } from "./service";

// CI uploads: a pipeline runs `keyward scan --upload <console>` and sends its JSON report here.
// The CLI first fetches the server's fingerprint key, so an uploaded finding is the same finding
// a git connector records and matches stored secrets; raw values never leave the CI machine.

/** The git connector scanning the same repository (https, ssh and scp-style URLs alike), if any. */
async function gitConnectorFor(url: string) {
  const key = repositoryKey(url);
  const rows = await db.connector.findMany({ where: { kind: "git" }, select: { id: true, config: true, ownerTeamId: true }, orderBy: { createdAt: "asc" } });
  for (const c of rows) {
    const cfg = c.config as { url?: unknown; displayName?: unknown };
    if (typeof cfg.url !== "string" || repositoryKey(cfg.url) !== key) continue;
    const displayName = typeof cfg.displayName === "string" ? cfg.displayName : undefined;
    return { id: c.id, ownerTeamId: c.ownerTeamId, name: gitRepositoryName({ url: cfg.url, displayName }) };
  }
  return null;
}

/** The repository's team (its git connector's), else the one named, else the uploader's only team. */
async function ownerFor(actor: Actor, named: string | undefined, connectorTeam: string | null): Promise<string | null> {
  if (connectorTeam) {
    if (named && named !== connectorTeam)
      throw new AppError("validation_failed", "The input is not valid.", { ownerTeamId: ["This repository's git connector names another owner team; leave ownerTeamId out."] });
    return connectorTeam;
  }
  if (named) {
    if (!(await db.team.findUnique({ where: { id: named }, select: { id: true } })))
      throw new AppError("validation_failed", "The input is not valid.", { ownerTeamId: ["No such team."] });
    return named;
  }
  if (actor.teamIds.length <= 1) return actor.teamIds[0] ?? null;
  throw new AppError("validation_failed", "The input is not valid.", { ownerTeamId: ["You belong to several teams: say which one owns this repository."] });
}

/**
 * Records a `keyward scan` report sent by a CI pipeline, exactly as a connector run would: one
 * finding per fingerprint, a location per place, the compromise check against stored secrets,
 * all in one transaction with one audit event. App owners upload for their own teams only.
 */
export async function uploadScanResults(actor: Actor, input: unknown, opts: { enqueue?: boolean; now?: Date } = {}) {
  authorize(actor, "finding:upload");
  const data = parse(ZScanUpload, input);
  const url = data.repository.url ? withoutCredentials(data.repository.url) : null;
  const connector = url ? await gitConnectorFor(url) : null;
  // Findings group by repository: under the connector's name when one scans it too.
  const repository = (connector?.name ?? data.repository.name ?? url!).slice(0, 1000);
  const ownerTeamId = await ownerFor(actor, data.ownerTeamId, connector?.ownerTeamId ?? null);
  authorize(actor, "finding:upload", { ownerTeamId });

  const findings: TIngestFinding[] = data.findings.map((f) => ({
    fingerprint: f.fingerprint, ruleId: f.ruleId, description: f.description, severity: f.severity, secretType: f.secretType, preview: f.preview,
    source: CI_UPLOAD_SOURCE, repository, file: f.file, line: f.line,
    // Working-tree findings stay commit-less (one location per place, refreshed by each run); history findings keep theirs.
    ...(f.commit ? { commit: f.commit.toLowerCase() } : {}), ...(f.author ? { author: f.author } : {}), ...(f.date ? { committedAt: f.date } : {}),
  }));
  const r = await recordFindings(
    actor,
    {
      findings,
      connectorId: null,
      defaultOwnerTeamId: ownerTeamId,
      audit: {
        action: "finding.upload",
        targetType: "repository",
        targetId: repository.slice(0, 300),
        after: { repository, url, commit: data.commit ?? null, ref: data.ref ?? null, ownerTeamId, gitConnectorId: connector?.id ?? null, reported: findings.length },
      },
    },
    opts,
  );
  return {
    repository,
    ownerTeamId,
    findings: findings.length,
    created: r.created,
    seen: r.seen,
    locations: r.locations,
    reopened: r.reopened,
    /** Stored secrets whose current value was in the report: now compromised, emergency rotation queued. */
    compromised: r.compromised.length,
    findingsUrl: `/findings?repository=${encodeURIComponent(repository)}`,
  };
}

/**
 * The server's fingerprint key, for `keyward scan --upload`: fingerprints computed with it match
 * the console's. Whoever holds it can test guesses against fingerprints, so reading it needs
 * finding:upload and every read is audited.
 */
export async function readFingerprintKey(actor: Actor) {
  authorize(actor, "finding:upload");
  const key = serverFingerprintKey();
  const keyId = createHash("sha256").update(key).digest("hex").slice(0, 16);
  await db.$transaction(async (tx) => {
    await appendAudit(tx, actor, { action: "discovery.fingerprint_key_read", targetType: "fingerprint_key", targetId: keyId });
  });
  return { algorithm: "HMAC-SHA256" as const, key: key.toString("base64"), keyId };
}
