// Findings end to end against the real database: ingest (same fingerprint -> same finding with
// a new location), owners from CODEOWNERS, triage with audit, accepted-risk rules, the
// compromise path (a leak of a stored secret's current value) and migration to the vault.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import "@/lib/domain/vault/testing";
import { systemActor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { putSecretValue } from "@/lib/domain/vault/service";
import { jobs } from "@/lib/jobs/registry";
import { queue } from "@/lib/jobs/queue";
import { Scanner } from "@/lib/scanner/engine";
import { makeActor, makeTeam, uid } from "@/lib/testing/fixtures";
import { serverFingerprintKey } from "./fingerprint-key";
import { createConnector, getFinding, ingestFindings, listFindings, migrateFindingsToVault, triageFindings } from "./service";
import type { TIngestFinding } from "./schemas";

const sys = systemActor("test");
const scanner = new Scanner({ fingerprintKey: serverFingerprintKey() });

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
function githubToken() {
  const b = randomBytes(36);
  return "ghp_" + [...b].map((x) => ALNUM[x % ALNUM.length]).join("");
}

/** Scans a file's text the way connectors do and shapes the findings for ingest. */
function found(text: string, file: string, repository: string, extra: Partial<TIngestFinding> = {}): TIngestFinding[] {
  return scanner.scanText(text, file).map((f) => ({
    fingerprint: f.fingerprint, ruleId: f.ruleId, description: f.description, severity: f.severity, secretType: f.secretType,
    preview: f.preview, source: "git", repository, file: f.file, line: f.line, ...extra,
  }));
}

afterAll(async () => {
  await queue().close();
  await db.$disconnect();
});

describe("ingestFindings", () => {
  it("the same secret found again is the same finding with another location; nothing raw is stored", async () => {
    const token = githubToken();
    const repo = `https://git.example.test/${uid()}.git`;
    const a = found(`GITHUB_TOKEN=${token}\n`, "deploy/.env", repo, { commit: "a".repeat(40), author: "Ann", committedAt: "2026-01-02T03:04:05Z" });
    expect(a).toHaveLength(1);
    const first = await ingestFindings(sys, { findings: a });
    expect(first.created).toBe(1);
    const b = found(`const t = "${token}";\n\n`, "src/client.ts", repo, { commit: "b".repeat(40) });
    const again = await ingestFindings(sys, { findings: [...b, ...a] });
    expect(again).toMatchObject({ created: 0, seen: 1, locations: 2 });
    expect(again.findingIds[0]).toBe(first.findingIds[0]);

    const f = await getFinding(sys, first.findingIds[0]);
    expect(f.locationCount).toBe(2);
    expect(f.locations.map((l) => `${l.file}@${l.commit.slice(0, 1)}`).sort()).toEqual(["deploy/.env@a", "src/client.ts@b"]);
    expect(f.locations.find((l) => l.file === "deploy/.env")?.author).toBe("Ann");
    expect(f.preview).toBe(token.slice(0, 4) + "…");
    // The raw token is nowhere in the finding rows.
    const raw = JSON.stringify(await db.finding.findUnique({ where: { id: f.id }, include: { locations: true } }));
    expect(raw).not.toContain(token);
    expect(raw).not.toContain(token.slice(4, 20));
    const audit = await db.auditEvent.findFirst({ where: { action: "finding.ingest" }, orderBy: { id: "desc" } });
    expect(JSON.stringify(audit?.after)).not.toContain(token);
  });

  it("owner from CODEOWNERS when it names a team, else the connector's team", async () => {
    const payments = await makeTeam(`payments-${uid()}`);
    const platform = await makeTeam();
    const connector = await createConnector(sys, { kind: "filesystem", name: `fs-${uid()}`, config: { paths: ["/tmp"] }, ownerTeamId: platform.id });
    const repo = `/srv/${uid()}`;
    const viaCodeowners = found(`GITHUB_TOKEN=${githubToken()}\n`, "pay/.env", repo, { owners: [`@acme/${payments.slug}`, "@someone"] });
    const fallback = found(`GITHUB_TOKEN=${githubToken()}\n`, "other/.env", repo, { owners: ["@nobody-we-know"] });
    const r = await ingestFindings(sys, { connectorId: connector.id, findings: [...viaCodeowners, ...fallback] });
    const rows = await db.finding.findMany({ where: { id: { in: r.findingIds } }, include: { locations: true } });
    const byFile = new Map(rows.map((x) => [x.locations[0]!.file, x]));
    expect(byFile.get("pay/.env")?.ownerTeamId).toBe(payments.id);
    expect(byFile.get("other/.env")?.ownerTeamId).toBe(platform.id);
    expect(rows.every((x) => x.locations[0]!.connectorId === connector.id)).toBe(true);
  });

  it("refuses malformed input with field errors and writes nothing", async () => {
    // Counted by its rule: other test files (the demo seed among them) add findings meanwhile.
    const before = await db.finding.count({ where: { ruleId: "x" } });
    await expect(ingestFindings(sys, { findings: [{ fingerprint: "not-hex", ruleId: "x" }] })).rejects.toMatchObject({ code: "validation_failed" });
    expect(await db.finding.count({ where: { ruleId: "x" } })).toBe(before);
    const { actor } = await makeActor("developer");
    await expect(ingestFindings(actor, { findings: [] })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("triageFindings", () => {
  async function someFindings(n: number, ownerTeamId?: string) {
    const repo = `https://git.example.test/${uid()}.git`;
    const list = Array.from({ length: n }, (_, i) => found(`GITHUB_TOKEN=${githubToken()}\n`, `f${i}.env`, repo)[0]!);
    const r = await ingestFindings(sys, { findings: list });
    if (ownerTeamId) await db.finding.updateMany({ where: { id: { in: r.findingIds } }, data: { ownerTeamId } });
    return { ids: r.findingIds, repo };
  }

  it("bulk status change with one audit event per finding", async () => {
    const { ids } = await someFindings(3);
    const { actor } = await makeActor("security");
    const res = await triageFindings(actor, { ids, status: "false_positive", note: "test fixtures" });
    expect(res.updated).toBe(3);
    const rows = await db.finding.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.status === "false_positive" && r.triagedById === actor.id)).toBe(true);
    const events = await db.auditEvent.findMany({ where: { action: "finding.triage", targetId: { in: ids } } });
    expect(events).toHaveLength(3);
    expect(events[0]!.after).toMatchObject({ status: "false_positive" });
  });

  it("accepted risk needs a future expiry and a reason; lapsed acceptance reopens when found again", async () => {
    const { ids } = await someFindings(1);
    const { actor } = await makeActor("security");
    await expect(triageFindings(actor, { ids, status: "accepted_risk", note: "vendor sandbox" })).rejects.toMatchObject({ code: "validation_failed", fields: { acceptedUntil: expect.any(Array) } });
    await expect(triageFindings(actor, { ids, status: "accepted_risk", note: "x", acceptedUntil: "2001-01-01" })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(triageFindings(actor, { ids, status: "resolved", acceptedUntil: "2099-01-01" })).rejects.toMatchObject({ code: "validation_failed" });
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await triageFindings(actor, { ids, status: "accepted_risk", note: "sandbox key, no prod access", acceptedUntil: until });
    const row = await db.finding.findUniqueOrThrow({ where: { id: ids[0] }, include: { locations: true } });
    expect(row.acceptedUntil?.toISOString()).toBe(until);
    // The acceptance lapses; the secret turns up again: open again, audited.
    await db.finding.update({ where: { id: ids[0] }, data: { acceptedUntil: new Date(Date.now() - 1000) } });
    const loc = row.locations[0]!;
    const again = await ingestFindings(sys, { findings: [{ fingerprint: row.fingerprint, ruleId: row.ruleId, severity: "high", secretType: row.secretType, preview: row.preview, source: "git", repository: loc.repository, file: loc.file, line: loc.line }] });
    expect(again.reopened).toBe(1);
    expect((await db.finding.findUniqueOrThrow({ where: { id: ids[0] } })).status).toBe("open");
  });

  it("team-scoped triage: own team's findings only, all or nothing; read-only roles refused", async () => {
    const owner = await makeActor("app_owner");
    const other = await makeTeam();
    const mine = await someFindings(1, owner.teamIds[0]);
    const theirs = await someFindings(1, other.id);
    await expect(triageFindings(owner.actor, { ids: [...mine.ids, ...theirs.ids], status: "triaged" })).rejects.toMatchObject({ code: "not_found" });
    expect((await db.finding.findUniqueOrThrow({ where: { id: mine.ids[0] } })).status).toBe("open");
    expect((await triageFindings(owner.actor, { ids: mine.ids, status: "triaged" })).updated).toBe(1);
    const auditor = await makeActor("auditor");
    await expect(triageFindings(auditor.actor, { ids: mine.ids, status: "resolved" })).rejects.toMatchObject({ code: "forbidden" });
    // Team-scoped readers see only their teams' findings.
    const dev = await makeActor("developer", owner.teamIds);
    const page = await listFindings(dev.actor, { repository: theirs.repo });
    expect(page.total).toBe(0);
    const own = await listFindings(dev.actor, { repository: mine.repo });
    expect(own.total).toBe(1);
  });

  it("lists with filters and groups by repository", async () => {
    const { repo } = await someFindings(3);
    const { actor } = await makeActor("security");
    const page = await listFindings(actor, { repository: repo, severity: "high,critical", status: "open" });
    expect(page.kind).toBe("findings");
    expect(page.total).toBe(3);
    const groups = await listFindings(actor, { groupBy: "repository", repository: repo });
    expect(groups.items).toEqual([expect.objectContaining({ repository: repo, findings: 3, open: 3 })]);
    await expect(listFindings(actor, { status: "nope" })).rejects.toMatchObject({ code: "validation_failed" });
  });
});

describe("the compromise path", () => {
  it("a leak of a stored secret's current value: critical finding, secret compromised (audited), emergency rotation queued", async () => {
    const team = await makeTeam();
    // A database password: the generic rule rates it below critical, the match makes it critical.
    const token = "Pw-" + randomBytes(12).toString("base64url") + "7q";
    const stored = await putSecretValue(sys, { path: `prod/${team.slug}/api/db-${uid()}`, value: token });
    const version = await db.secretVersion.findFirstOrThrow({ where: { secretId: stored.secretId, stage: "current" } });
    expect(version.valueFingerprints).toHaveLength(1);
    expect(JSON.stringify(version.valueFingerprints)).not.toContain(token);

    const leak = found(`database:\n  password: "${token}"\n`, "config/prod.yaml", `https://git.example.test/${uid()}.git`);
    expect(leak).toHaveLength(1);
    expect(leak[0]!.severity).not.toBe("critical");
    const r = await ingestFindings(sys, { findings: leak });
    expect(r.compromised).toEqual([stored.secretId]);
    const finding = await db.finding.findUniqueOrThrow({ where: { id: r.findingIds[0] } });
    expect(finding).toMatchObject({ severity: "critical", matchesStored: true, secretId: stored.secretId });
    const secret = await db.secret.findUniqueOrThrow({ where: { id: stored.secretId } });
    expect(secret.status).toBe("compromised");
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "secret.compromised", targetId: stored.secretId } });
    const jobRunId = (event.after as { emergencyRotationJobRunId: string }).emergencyRotationJobRunId;
    const run = await db.jobRun.findUniqueOrThrow({ where: { id: jobRunId } });
    expect(run.kind).toBe("rotation.emergency");
    const job = await queue().getJob(`rotation.emergency.${jobRunId}`);
    expect(job?.name).toBe("rotation.emergency");
    expect(job?.data).toEqual({ secretId: stored.secretId, findingId: finding.id, jobRunId });
    // The caller is told what was queued, without looking for it.
    expect(r.emergencyRotations).toEqual([job?.data]);
    expect(JSON.stringify(job?.data)).not.toContain(token);
    // The job records the request (real rotation is a later issue).
    const out = await jobs["rotation.emergency"].handle(job!.data, { progress: async () => undefined });
    expect(out).toMatchObject({ recorded: true, secretId: stored.secretId });
    expect(await db.auditEvent.count({ where: { action: "rotation.emergency_requested", targetId: stored.secretId } })).toBe(1);
    await job!.remove();

    // Found again: still one compromise event, no second rotation.
    const again = await ingestFindings(sys, { findings: leak });
    expect(again.compromised).toEqual([]);
    expect(again.emergencyRotations).toEqual([]);
    expect(await db.auditEvent.count({ where: { action: "secret.compromised", targetId: stored.secretId } })).toBe(1);
  });

  it("an older (previous) value does not mark the secret compromised", async () => {
    const team = await makeTeam();
    const old = githubToken();
    const path = `prod/${team.slug}/api/rotated-${uid()}`;
    const stored = await putSecretValue(sys, { path, value: old });
    await putSecretValue(sys, { path, value: githubToken() });
    const r = await ingestFindings(sys, { findings: found(`GITHUB_TOKEN=${old}\n`, ".env", `/srv/${uid()}`) });
    expect(r.compromised).toEqual([]);
    expect((await db.secret.findUniqueOrThrow({ where: { id: stored.secretId } })).status).toBe("active");
  });
});

describe("migrateFindingsToVault", () => {
  it("creates pending-rotation inventory entries in the Keyward vault, links and triages the findings", async () => {
    const owner = await makeActor("app_owner");
    const repo = `https://git.example.test/${uid()}.git`;
    const r = await ingestFindings(sys, { findings: [...found(`GITHUB_TOKEN=${githubToken()}\n`, "a.env", repo), ...found(`GITHUB_TOKEN=${githubToken()}\n`, "b.env", repo)] });
    await db.finding.updateMany({ where: { id: { in: r.findingIds } }, data: { ownerTeamId: owner.teamIds[0] } });
    const res = await migrateFindingsToVault(owner.actor, { ids: r.findingIds, environment: "prod" });
    expect(res.failed).toEqual([]);
    expect(res.migrated).toHaveLength(2);
    for (const m of res.migrated) {
      const s = await db.secret.findUniqueOrThrow({ where: { id: m.secretId }, include: { backend: true } });
      expect(s).toMatchObject({ status: "pending_rotation", vaulted: true, ownerTeamId: owner.teamIds[0], environment: "prod", type: "token" });
      expect(s.backend.kind).toBe("keyward");
      expect(s.tags).toContain("discovered");
      const f = await db.finding.findFirstOrThrow({ where: { secretId: m.secretId } });
      expect(f.status).toBe("triaged");
    }
    expect(await db.auditEvent.count({ where: { action: "finding.migrate", targetId: { in: r.findingIds } } })).toBe(2);
    // Again: already linked, skipped.
    const twice = await migrateFindingsToVault(owner.actor, { ids: r.findingIds, environment: "prod" });
    expect(twice.skipped).toHaveLength(2);
    const dev = await makeActor("developer", owner.teamIds);
    await expect(migrateFindingsToVault(dev.actor, { ids: r.findingIds, environment: "prod" })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("connector schedules", () => {
  it("a cron schedule installs a job scheduler; disabling or deleting the connector removes it", async () => {
    const { updateConnector, deleteConnector, requestDiscoveryRun } = await import("./service");
    const c = await createConnector(sys, { kind: "tls", name: `tls-${uid()}`, config: { endpoints: ["127.0.0.1:1"] }, schedule: "0 3 * * *" });
    const scheduler = await queue().getJobScheduler(`discovery:${c.id}`);
    expect(scheduler?.pattern).toBe("0 3 * * *");
    expect(scheduler?.template?.data).toEqual({ connectorId: c.id });
    await updateConnector(sys, c.id, { enabled: false });
    expect(await queue().getJobScheduler(`discovery:${c.id}`)).toBeFalsy();
    await updateConnector(sys, c.id, { enabled: true, schedule: "*/30 * * * *" });
    expect((await queue().getJobScheduler(`discovery:${c.id}`))?.pattern).toBe("*/30 * * * *");
    await expect(updateConnector(sys, c.id, { schedule: "every day" })).rejects.toMatchObject({ code: "validation_failed" });
    // Run now: a JobRun to poll and a job whose payload is ids only.
    const run = await requestDiscoveryRun(sys, c.id);
    const job = await queue().getJob(`discovery.run.${run.jobRunId}`);
    expect(job?.data).toEqual({ connectorId: c.id, jobRunId: run.jobRunId });
    await job?.remove();
    await deleteConnector(sys, c.id);
    expect(await queue().getJobScheduler(`discovery:${c.id}`)).toBeFalsy();
  });
});
