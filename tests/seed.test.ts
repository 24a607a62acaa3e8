import { describe, expect, it } from "vitest";
import "@/lib/domain/vault/testing"; // the vault's test root key: the seed stores one value (the compromise case)
import { db } from "@/lib/db";
import { verifyPassword } from "@/lib/passwords";
import { actorOf, uid } from "@/lib/testing/fixtures";
import { scanRoots } from "@/lib/connectors/filesystem/roots";
import { getAuditChainStatus } from "@/lib/domain/audit-log/verification";
import { getOverview } from "@/lib/domain/kpi/service";
import { getRule } from "@/lib/scanner/rules";
import { makeActor } from "@/lib/testing/fixtures";
import { DEMO_ACCOUNTS, demoEmail } from "@/prisma/demo-accounts";
import { seedDemo } from "@/prisma/seed-lib";

const now = new Date("2026-06-01T12:00:00Z");

async function snapshot(ns: string) {
  const rows = await db.secret.findMany({
    where: { path: { contains: `/payments-${ns}/` }, NOT: { tags: { hasSome: ["connector-credentials", "discovered"] } } },
    include: { backend: true },
    orderBy: { path: "asc" },
  });
  return rows.map((r) => ({
    path: r.path.replaceAll(`-${ns}`, ""), type: r.type, env: r.environment, cls: r.classification, kind: r.backend.kind,
    due: r.rotationDueAt?.toISOString() ?? null, owned: r.ownerTeamId !== null,
  })).sort((x, y) => (x.path < y.path ? -1 : 1));
}

/** The namespace's findings without what differs between copies (fingerprints, ids, the suffix). */
async function findingSnapshot(ns: string) {
  const rows = await db.finding.findMany({ where: { ownerTeam: { slug: { endsWith: `-${ns}` } } }, include: { ownerTeam: true, locations: true } });
  return rows
    .map((f) => [f.ruleId, f.severity, f.status, f.ownerTeam!.slug.replace(`-${ns}`, ""), f.locations.map((l) => `${l.source} ${l.repository}:${l.file}:${l.line}`).sort().join(" | ")].join(" "))
    .sort();
}

describe("seedDemo", () => {
  it("builds a believable organisation: every role, plausible shares of problems, paths <env>/<team>/<app>/<name>", async () => {
    const ns = `s${uid()}`;
    const res = await seedDemo(db, { secrets: 800, namespace: ns, password: "pw-for-tests", now });
    expect(res).toMatchObject({ skipped: false, teams: 8, applications: 40, secrets: 800 });

    const teams = await db.team.findMany({ where: { slug: { endsWith: `-${ns}` } } });
    expect(teams).toHaveLength(8);
    // The demo inventory (not the entries discovery made: connector credentials, migrated findings).
    const secrets = await db.secret.findMany({
      where: { OR: [{ ownerTeamId: { in: teams.map((t) => t.id) } }, { path: { contains: `-${ns}/` } }], NOT: { tags: { hasSome: ["connector-credentials", "discovered"] } } },
      include: { backend: true },
    });
    expect(secrets).toHaveLength(800);
    for (const s of secrets) {
      const [env, team, app, name] = s.path.split("/");
      expect(env).toBe(s.environment);
      expect(team.endsWith(`-${ns}`)).toBe(true);
      expect(app.endsWith(`-${ns}`)).toBe(true);
      expect(name).toBe(s.name);
      expect(s.vaulted).toBe(!["git", "config_file", "env_var", "ci_variable"].includes(s.backend.kind));
    }
    const share = (f: (s: (typeof secrets)[number]) => boolean) => secrets.filter(f).length / secrets.length;
    expect(share((s) => s.ownerTeamId === null)).toBeGreaterThan(0.02);
    expect(share((s) => s.ownerTeamId === null)).toBeLessThan(0.09);
    expect(share((s) => !s.vaulted)).toBeGreaterThan(0.1);
    expect(share((s) => s.rotationDueAt !== null && s.rotationDueAt < now)).toBeGreaterThan(0.05);
    expect(share((s) => s.dynamic)).toBeGreaterThan(0.02);
    expect(secrets.some((s) => s.type === "tls_certificate" && s.expiresAt && s.expiresAt > now && s.expiresAt.getTime() < now.getTime() + 30 * 86_400_000)).toBe(true);
    expect(new Set(secrets.map((s) => s.backend.kind)).size).toBeGreaterThanOrEqual(6);
    // Hygiene flags agree with the fields, as the hygiene job would set them.
    for (const s of secrets) {
      expect(s.hygieneFlags.includes("unowned")).toBe(s.ownerTeamId === null);
      expect(s.hygieneFlags.includes("rotation_overdue")).toBe(s.rotationDueAt !== null && s.rotationDueAt < now);
    }

    for (const a of DEMO_ACCOUNTS) {
      const user = await db.user.findUniqueOrThrow({ where: { email: demoEmail(a.key, ns) }, include: { memberships: true } });
      expect(user.role).toBe(a.role);
      expect(user.memberships).toHaveLength(a.teams.length);
      expect(await verifyPassword(user.passwordHash, "pw-for-tests")).toBe(true);
    }
    const events = await db.auditEvent.findMany({ where: { action: "seed.completed" } });
    const seeded = events.filter((e) => (e.after as { namespace?: string }).namespace === ns);
    expect(seeded).toHaveLength(1);

    // It ends with a full verification of the audit chain, recorded as the worker records one:
    // its own JobRun, a checkpoint and the completion event.
    const v = res.verification!;
    expect(v).toMatchObject({ ok: true, mode: "full", brokenAt: null, fromEventId: "0" });
    expect(BigInt(v.toEventId)).toBeGreaterThan(seeded[0].id); // after the seed's own events
    const point = await db.auditCheckpoint.findFirstOrThrow({ where: { eventId: BigInt(v.toEventId), mode: "full", fromEventId: 0n, checked: v.checked } });
    const run = await db.jobRun.findUniqueOrThrow({ where: { id: point.jobRunId! } });
    expect(run).toMatchObject({ kind: "audit.verify", status: "succeeded", requestedById: null, progress: v.checked, total: v.checked });
    expect(run.result).toEqual(v);
    const completed = await db.auditEvent.findFirstOrThrow({ where: { action: "audit.verify.completed", targetId: run.id } });
    expect(completed.after).toEqual(v);
    // What the demo's audit page shows its auditor: the chain verified, by this run or one that
    // another test file started after it, past the seed's events.
    const auditor = await db.user.findUniqueOrThrow({ where: { email: demoEmail("auditor", ns) } });
    const status = await getAuditChainStatus(actorOf(auditor));
    expect(status.last).toMatchObject({ ok: true, brokenAt: null });
    expect(new Date(status.last!.checkedAt).getTime()).toBeGreaterThanOrEqual(run.createdAt.getTime());
    expect(BigInt(status.last!.toEventId)).toBeGreaterThan(seeded[0].id);
  });

  it("adds discovery as a deployment has it after weeks: connectors with past runs, findings across repositories and rules, one compromise", async () => {
    const ns = `d${uid()}`;
    const res = await seedDemo(db, { secrets: 400, namespace: ns, password: "pw-for-tests", now });
    const teams = await db.team.findMany({ where: { slug: { endsWith: `-${ns}` } } });
    const teamIds = teams.map((t) => t.id);

    // Connectors: five repositories, the TLS endpoints, PostgreSQL, and the file system only where KEYWARD_SCAN_ROOTS allows it.
    const connectors = await db.connector.findMany({ where: { name: { endsWith: ` ${ns}` } }, include: { runs: true } });
    expect(connectors.map((c) => c.kind).sort()).toEqual([...(scanRoots().length ? ["filesystem"] : []), "git", "git", "git", "git", "git", "postgres", "tls"].sort());
    expect(res.connectors).toBe(connectors.length);
    for (const c of connectors) {
      expect(c.runs.length).toBe(7);
      expect(c.runs.every((r) => r.status === "succeeded" && r.finishedAt! > r.startedAt!)).toBe(true);
      expect(c.lastStatus).toBe("succeeded");
      expect(c.schedule).toBeNull(); // the demo hosts do not exist: nothing runs against them by itself
      const jobs = await db.jobRun.findMany({ where: { id: { in: c.runs.map((r) => r.jobRunId) } } });
      expect(jobs.every((j) => j.kind === "discovery.run" && j.status === "succeeded" && j.progress === j.total)).toBe(true);
      expect(c.lastJobRunId).toBe(c.runs.reduce((a, b) => (a.startedAt! > b.startedAt! ? a : b)).jobRunId);
    }
    const pgc = connectors.find((c) => c.kind === "postgres")!;
    expect(pgc.credentialsPath).toBeTruthy(); // in the vault, not in the row
    expect(await db.databaseAccount.count({ where: { connectorId: pgc.id } })).toBeGreaterThan(5);
    expect(await db.certificate.count({ where: { connectorId: connectors.find((c) => c.kind === "tls")!.id } })).toBeGreaterThan(4);

    // Findings: 40-80 across repositories and rules, statuses mixed, seen over weeks.
    const findings = await db.finding.findMany({ where: { ownerTeamId: { in: teamIds } }, include: { locations: true, secret: true } });
    expect(findings.length).toBeGreaterThanOrEqual(40);
    expect(findings.length).toBeLessThanOrEqual(80);
    expect(res.findings).toBe(findings.length);
    expect(new Set(findings.map((f) => f.repository)).size).toBeGreaterThanOrEqual(6);
    const rules = new Set(findings.map((f) => f.ruleId));
    expect([...rules].sort()).toEqual(expect.arrayContaining(["aws-access-key-id", "generic-secret-assignment", "github-token", "jwt", "private-key", "slack-webhook-url"]));
    for (const rule of rules) expect(getRule(rule), rule).toBeDefined(); // the scanner's own rules
    expect(new Set(findings.map((f) => f.status))).toEqual(new Set(["open", "triaged", "resolved", "false_positive", "accepted_risk"]));
    for (const f of findings) {
      expect(f.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(f.preview).toMatch(/^[^\n]{1,4}…$/); // redacted, never the value
      expect(f.firstSeenAt.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(f.lastSeenAt.getTime()).toBeGreaterThanOrEqual(f.firstSeenAt.getTime());
      if (f.status === "accepted_risk") expect(f.acceptedUntil!.getTime()).toBeGreaterThan(Date.now());
      if (f.status !== "open") expect(f.triagedAt).not.toBeNull();
      expect(f.locationCount).toBe(f.locations.length);
      for (const l of f.locations.filter((x) => x.source === "git")) {
        expect(l.commit).toMatch(/^[0-9a-f]{40}$/);
        expect(l.author).toBeTruthy();
        expect(l.committedAt!.getTime()).toBeLessThan(l.firstSeenAt.getTime());
      }
    }
    const seen = findings.map((f) => f.firstSeenAt.getTime());
    expect(Math.max(...seen) - Math.min(...seen)).toBeGreaterThan(21 * 86_400_000);
    expect(findings.some((f) => f.locations.some((l) => l.source === "ci-upload"))).toBe(true);
    expect(findings.some((f) => f.locationCount > 1)).toBe(true);

    // Exactly one leak of a stored value: critical, open, its secret compromised, the fingerprint that of the current version.
    const matched = findings.filter((f) => f.matchesStored);
    expect(matched).toHaveLength(1);
    expect(matched[0]).toMatchObject({ severity: "critical", status: "open" });
    expect(matched[0]!.secret!.status).toBe("compromised");
    const current = await db.secretVersion.findFirstOrThrow({ where: { secretId: matched[0]!.secretId!, stage: "current" } });
    expect(current.valueFingerprints).toContain(matched[0]!.fingerprint);
    expect(await db.jobRun.count({ where: { kind: "rotation.emergency", status: "succeeded", message: { endsWith: matched[0]!.secret!.path } } })).toBe(1);
    // A few migrated to the vault: linked to new inventory entries, pending rotation.
    const migrated = findings.filter((f) => f.secretId && !f.matchesStored);
    expect(migrated.length).toBeGreaterThanOrEqual(1);
    expect(migrated.every((f) => f.secret!.status === "pending_rotation" && f.secret!.tags.includes("discovered"))).toBe(true);

    // The overview's "Hardcoded secrets" is no longer 0, and counts exactly the unresolved findings.
    const { actor } = await makeActor("security");
    const payments = teams.find((t) => t.slug === `payments-${ns}`)!;
    const o = await getOverview(actor, { ownerTeamId: payments.id });
    const unresolved = findings.filter((f) => f.ownerTeamId === payments.id && ["open", "triaged", "accepted_risk"].includes(f.status));
    expect(unresolved.length).toBeGreaterThan(0);
    expect(o.kpis.find((k) => k.key === "hardcoded")!.value).toBe(unresolved.length);
  });

  it("is idempotent and deterministic", async () => {
    const a = `a${uid()}`;
    const b = `b${uid()}`;
    expect((await seedDemo(db, { secrets: 300, namespace: a, now })).skipped).toBe(false);
    expect((await seedDemo(db, { secrets: 300, namespace: a, now })).skipped).toBe(true);
    await seedDemo(db, { secrets: 300, namespace: b, now });
    const [sa, sb] = [await snapshot(a), await snapshot(b)];
    expect(sa.length).toBeGreaterThan(10);
    expect(sb).toEqual(sa);
    // Discovery too: the same findings where they were, with the same verdicts (their values, and so fingerprints, differ per copy).
    const [fa, fb] = [await findingSnapshot(a), await findingSnapshot(b)];
    expect(fa.length).toBeGreaterThanOrEqual(40);
    expect(fb).toEqual(fa);
    expect(await db.connector.count({ where: { name: { endsWith: ` ${a}` } } })).toBe(await db.connector.count({ where: { name: { endsWith: ` ${b}` } } }));
  });
});
