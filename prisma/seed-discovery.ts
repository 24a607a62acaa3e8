// Discovery demo data: what a deployment shows after six weeks of scanning. Connectors for the
// demo teams' git repositories, the public TLS endpoints, the production PostgreSQL accounts
// and, when KEYWARD_SCAN_ROOTS allows it, a folder of legacy config files; their past runs as
// the runner leaves them (JobRun, DiscoveryRun, the connector's last status); and the findings
// those runs reported, recorded through the discovery use cases themselves (ingestFindings, a CI
// upload, triage, migrate to the vault). Fingerprints come from the real fingerprint function
// over made-up values that live only in this process; nothing stores a value but the one the
// vault keeps encrypted for the compromise case: a leaked copy of a stored secret's current
// value, which the ingest turns into a critical finding and a compromised secret.
// Deterministic per namespace (seeded PRNG, dates relative to `now`), skipped when its first
// connector exists.
import path from "node:path";
import { appendAudit } from "@/lib/audit";
import { systemActor, type Actor } from "@/lib/authz/authorize";
import { scanPathRefusal, scanRoots } from "@/lib/connectors/filesystem/roots";
import { accountRefs } from "@/lib/connectors/postgres";
import type { TDiscoveredAccount, TDiscoveredCertificate } from "@/lib/connectors/types";
import { serverFingerprintKey } from "@/lib/domain/discovery/fingerprint-key";
import { emergencyRotationJob } from "@/lib/domain/discovery/jobs";
import { recordAccounts, recordCertificates } from "@/lib/domain/discovery/runner";
import type { TIngestFinding } from "@/lib/domain/discovery/schemas";
import { createConnector, ingestFindings, migrateFindingsToVault, triageFindings, type TEmergencyRotation } from "@/lib/domain/discovery/service";
import { uploadScanResults } from "@/lib/domain/discovery/upload";
import { putSecretValue } from "@/lib/domain/vault/service";
import { fingerprintSecret, redactPreview } from "@/lib/scanner/engine";
import { getRule } from "@/lib/scanner/rules";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { demoEmail } from "./demo-accounts";

type TRng = { next: () => number; pick: <T>(items: readonly T[]) => T; chance: (p: number) => boolean };

export type TDiscoverySeedResult = {
  skipped: boolean;
  connectors: number;
  runs: number;
  findings: number;
  locations: number;
  /** Stored secrets found leaked (the compromise case): 1, or 0 when the vault is unavailable. */
  compromised: number;
};

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Weekly runs and one yesterday, as days before `now`. */
const RUN_DAYS = [41, 34, 27, 20, 13, 6, 1];

const A32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";
const str = (r: TRng, alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(r.next() * alphabet.length)]).join("");
const b64url = (s: string) => Buffer.from(s).toString("base64url");

type TKind = "aws-key" | "aws-secret" | "github" | "slack" | "private-key" | "password" | "db-url" | "jwt" | "stripe";

// What each kind of leak looks like: the scanner rule that finds it, a made-up value of its
// shape, and the files it typically sits in.
const KINDS: Record<TKind, { rule: string; value: (r: TRng) => string; files: string[] }> = {
  "aws-key": { rule: "aws-access-key-id", value: (r) => "AKIA" + str(r, A32, 16), files: [".env", "config/prod.env", "deploy/terraform.tfvars", "scripts/backup-to-s3.sh"] },
  "aws-secret": { rule: "aws-secret-access-key", value: (r) => str(r, ALNUM + "+/", 40), files: [".env", "config/prod.env", "deploy/terraform.tfvars"] },
  github: { rule: "github-token", value: (r) => "ghp_" + str(r, ALNUM, 36), files: [".github/workflows/release.yml", "scripts/publish.sh", "tools/sync-labels.py"] },
  slack: { rule: "slack-webhook-url", value: (r) => `T0${str(r, A32, 7)}/B0${str(r, A32, 9)}/${str(r, ALNUM, 24)}`, files: ["config/alerts.yaml", "src/notify.ts", "ops/alertmanager.yml"] },
  "private-key": {
    rule: "private-key",
    value: (r) => `-----BEGIN RSA PRIVATE KEY-----\n${Array.from({ length: 6 }, () => str(r, ALNUM + "+/", 64)).join("\n")}\n-----END RSA PRIVATE KEY-----`,
    files: ["deploy/id_rsa", "certs/server.key", "config/jwt-signing.pem"],
  },
  password: { rule: "generic-secret-assignment", value: (r) => str(r, ALNUM, 14 + Math.floor(r.next() * 10)), files: [".env", ".env.production", "config/database.yml", "helm/values-prod.yaml", "docker-compose.yml"] },
  "db-url": { rule: "database-url-password", value: (r) => str(r, ALNUM, 18), files: ["config/settings.py", "src/db.ts", ".env.staging"] },
  jwt: {
    rule: "jwt",
    value: (r) => `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify({ sub: `svc-${str(r, HEX, 8)}`, iat: 1760000000 + Math.floor(r.next() * 1e7) }))}.${str(r, ALNUM, 43)}`,
    files: ["tests/fixtures/session.json", "src/api/client.ts", "docs/api-examples.md"],
  },
  stripe: { rule: "stripe-key", value: (r) => "sk_live_" + str(r, ALNUM, 24), files: ["config/payments.yml", ".env.production"] },
};

/** The repositories a git connector scans, with the leaks their history holds. */
const REPOS: Array<{ repo: string; team: string; kinds: TKind[]; foreign?: { team: string; dir: string } }> = [
  { repo: "checkout-api", team: "payments", kinds: ["stripe", "aws-key", "aws-secret", "password", "password", "slack", "db-url", "jwt", "github"] },
  { repo: "auth-service", team: "identity", kinds: ["private-key", "private-key", "jwt", "password", "db-url", "github", "slack"] },
  { repo: "deploy-bot", team: "platform", kinds: ["github", "github", "aws-key", "aws-secret", "slack", "private-key", "password", "password", "aws-key"] },
  // A folder of another team's service, owned by it through CODEOWNERS.
  { repo: "etl-pipeline", team: "data", kinds: ["db-url", "db-url", "password", "aws-key", "aws-secret", "slack", "password", "jwt"], foreign: { team: "growth", dir: "services/crm-sync/" } },
  { repo: "mobile-bff", team: "mobile", kinds: ["jwt", "password", "slack", "github", "aws-key", "private-key"] },
];
/** A repository without a connector: its pipeline uploads `keyward scan` results. */
const CI_REPO = { repo: "marketing-site", team: "growth", kinds: ["password", "slack", "aws-key", "github", "jwt"] as TKind[] };
/** Config files on legacy VMs (the file-system connector, when KEYWARD_SCAN_ROOTS allows one). */
const FS_LEAKS: Array<{ kind: TKind; file: string }> = [
  { kind: "password", file: "billing-vm-03/etc/billing/app.conf" },
  { kind: "password", file: "billing-vm-03/etc/billing/.env" },
  { kind: "db-url", file: "reporting-vm-01/opt/reporting/config.yml" },
  { kind: "aws-key", file: "reporting-vm-01/home/deploy/.aws/credentials" },
  { kind: "slack", file: "helpdesk-vm-02/etc/helpdesk/notify.yml" },
  { kind: "password", file: "helpdesk-vm-02/etc/helpdesk/ldap.conf" },
];

const AUTHORS = ["Tom Becker", "Priya Patel", "Omar Haddad", "Mei Chen", "Arjun Rao", "Hana Sato", "Diego Lopez", "Dev Dana", "Jonas Berg", "Lena Fischer", "deploy-bot"];

const TRIAGE: Record<"triaged" | "resolved" | "false_positive" | "accepted_risk", string[]> = {
  triaged: ["Owner notified; rotation planned this sprint.", "Confirmed live. Rotate, then read it from the vault.", "Ticket opened with the owning team."],
  resolved: ["Rotated; the old key is revoked and the service reads the new one from the vault.", "Credential revoked at the provider; the file now uses an environment reference."],
  false_positive: ["Test fixture, not a live credential.", "Example value in documentation."],
  accepted_risk: ["Legacy host being decommissioned; network-isolated until then.", "Vendor integration without rotation support; compensating controls in place."],
};

type TLeak = {
  kind: TKind;
  value: string;
  source: "git" | "filesystem" | "ci-upload";
  repository: string;
  connector: string | null;
  ownerTeam: string;
  locations: Array<{ run: number; file: string; line: number; commit?: string; author?: string; committedAt?: Date; owners?: string[] }>;
  /** Runs that report it again (the file-system connector and CI re-read the working tree). */
  lastRun: number;
  status: "open" | "triaged" | "resolved" | "false_positive" | "accepted_risk";
  compromise?: boolean;
};

async function exists(client: PrismaClient, name: string) {
  return (await client.connector.count({ where: { name } })) > 0;
}

export async function seedDiscoveryDemo(
  client: PrismaClient,
  opts: { namespace?: string; now?: Date; seed?: number; prng: (seed: number) => TRng; hash: (s: string) => number },
): Promise<TDiscoverySeedResult> {
  const ns = opts.namespace;
  const now = opts.now ?? new Date();
  const sfx = (s: string, sep = "-") => (ns ? `${s}${sep}${ns}` : s);
  const result: TDiscoverySeedResult = { skipped: true, connectors: 0, runs: 0, findings: 0, locations: 0, compromised: 0 };
  const firstName = sfx(`Git: acme/${REPOS[0]!.repo}`, " ");
  if (await exists(client, firstName)) return result;
  result.skipped = false;
  // Where and when come from one stream, the made-up values from another keyed by the namespace:
  // copies in one database have the same findings but never share a fingerprint.
  const r = opts.prng(opts.hash(`discovery:${opts.seed ?? 20261123}`));
  const rv = opts.prng(opts.hash(`discovery-values:${opts.seed ?? 20261123}:${ns ?? ""}`));
  const at = (days: number, hours = 2) => new Date(now.getTime() - days * DAY + hours * HOUR);
  const runAt = (run: number, minutes: number) => new Date(at(RUN_DAYS[run]!).getTime() + minutes * 60_000);

  const teams = await client.team.findMany({ where: { slug: { in: [...new Set([...REPOS.flatMap((x) => [x.team, x.foreign?.team ?? x.team]), CI_REPO.team, "platform", "support"])].map((s) => sfx(s)) } } });
  const team = (slug: string) => teams.find((t) => t.slug === sfx(slug))!;
  const security = await client.user.findUniqueOrThrow({ where: { email: demoEmail("security", ns) }, include: { memberships: true } });
  const person: Actor = { kind: "user", id: security.id, label: security.email, role: security.role, teamIds: security.memberships.map((m) => m.teamId) };
  const discovery = systemActor("discovery");
  const fpKey = serverFingerprintKey();

  // The compromise case: a payments prod API key whose current value (made up here) is in the vault.
  let stored: { id: string; value: string } | null = null;
  const candidates = { ownerTeamId: team("payments").id, environment: "prod" as const, status: "active" as const, type: "api_key" as const, backend: { kind: "keyward" as const } };
  const target =
    (await client.secret.findFirst({ where: { ...candidates, name: { startsWith: "stripe-api-key" } }, orderBy: { path: "asc" } })) ??
    (await client.secret.findFirst({ where: candidates, orderBy: { path: "asc" } }));
  if (target) {
    const value = KINDS.stripe.value(rv);
    try {
      await putSecretValue(systemActor("seed"), { secretId: target.id, value }, "api");
      stored = { id: target.id, value };
    } catch (e) {
      // No root key or a sealed vault: the demo goes without the compromise case.
      console.warn(`[seed] discovery demo without a compromised secret: ${(e as Error).message}`);
    }
  }

  // --- the leaks ---------------------------------------------------------------------------
  const leaks: TLeak[] = [];
  const statusRoll = (file: string): TLeak["status"] => {
    if (/tests\/fixtures|docs\//.test(file)) return r.chance(0.8) ? "false_positive" : "open";
    const x = r.next();
    return x < 0.38 ? "open" : x < 0.58 ? "triaged" : x < 0.8 ? "resolved" : x < 0.9 ? "accepted_risk" : "false_positive";
  };
  const commitDate = (run: number) => (run === 0 ? at(41 + 20 + r.next() * 300, 0) : at(RUN_DAYS[run - 1]! - r.next() * (RUN_DAYS[run - 1]! - RUN_DAYS[run]!), 0));
  for (const repo of REPOS) {
    repo.kinds.forEach((kind, i) => {
      const foreign = repo.foreign && i % 3 === 1 ? repo.foreign : null;
      const file = (foreign?.dir ?? "") + r.pick(KINDS[kind].files);
      const run = r.chance(0.5) ? 0 : 1 + Math.floor(r.next() * (RUN_DAYS.length - 1));
      const compromise = !!stored && repo.repo === "checkout-api" && kind === "stripe";
      const locations: TLeak["locations"] = [
        { run: compromise ? 4 : run, file, line: 1 + Math.floor(r.next() * 180), commit: str(r, HEX, 40), author: r.pick(AUTHORS), owners: foreign ? [`@acme/${sfx(foreign.team)}`] : undefined },
      ];
      // Copied into another file in a later commit now and then.
      if (!compromise && r.chance(0.2) && locations[0]!.run < RUN_DAYS.length - 1) {
        const later = locations[0]!.run + 1 + Math.floor(r.next() * (RUN_DAYS.length - 1 - locations[0]!.run));
        locations.push({ run: later, file: r.pick(KINDS[kind].files.filter((f) => !file.endsWith(f)).concat(["config/legacy.env"])), line: 1 + Math.floor(r.next() * 120), commit: str(r, HEX, 40), author: r.pick(AUTHORS) });
      }
      for (const l of locations) l.committedAt = commitDate(l.run);
      leaks.push({
        kind, value: compromise ? stored!.value : KINDS[kind].value(rv), source: "git", repository: `acme/${repo.repo}`, connector: sfx(`Git: acme/${repo.repo}`, " "),
        ownerTeam: foreign?.team ?? repo.team, locations, lastRun: Math.max(...locations.map((l) => l.run)), status: compromise ? "open" : statusRoll(file), compromise,
      });
    });
  }
  for (const kind of CI_REPO.kinds) {
    const file = r.pick(KINDS[kind].files);
    const run = 2 + Math.floor(r.next() * 3);
    const status = statusRoll(file);
    // Working-tree findings: seen by every upload until fixed.
    leaks.push({
      kind, value: KINDS[kind].value(rv), source: "ci-upload", repository: `acme/${CI_REPO.repo}`, connector: null, ownerTeam: CI_REPO.team,
      locations: [{ run, file, line: 1 + Math.floor(r.next() * 90) }], lastRun: status === "resolved" ? Math.min(RUN_DAYS.length - 2, run + 1) : RUN_DAYS.length - 1, status,
    });
  }
  const roots = scanRoots();
  const fsRoot = roots.length ? path.join(roots[0]!, "legacy-vm-configs") : null;
  const fsAllowed = fsRoot !== null && scanPathRefusal(fsRoot) === null;
  if (fsAllowed) {
    for (const l of FS_LEAKS) {
      const status = statusRoll(l.file);
      const run = r.chance(0.6) ? 0 : 1 + Math.floor(r.next() * 4);
      leaks.push({
        kind: l.kind, value: KINDS[l.kind].value(rv), source: "filesystem", repository: fsRoot!, connector: sfx("Legacy VM configs", " "), ownerTeam: "platform",
        locations: [{ run, file: l.file, line: 1 + Math.floor(r.next() * 60) }], lastRun: status === "resolved" ? Math.min(RUN_DAYS.length - 2, run + 2) : RUN_DAYS.length - 1, status,
      });
    }
  }
  const fingerprintOf = (l: TLeak) => fingerprintSecret(fpKey, l.value);
  const asFinding = (l: TLeak, loc: TLeak["locations"][number]) => {
    const rule = getRule(KINDS[l.kind].rule);
    return {
      fingerprint: fingerprintOf(l), ruleId: KINDS[l.kind].rule, description: rule?.description ?? "", severity: rule?.severity ?? "high",
      secretType: rule?.secretType ?? "generic", preview: redactPreview(l.value),
    };
  };

  // --- connectors --------------------------------------------------------------------------
  const created = new Map<string, { id: string; name: string }>();
  const connect = async (input: Record<string, unknown>) => {
    const c = await createConnector(person, input);
    await client.connector.update({ where: { id: c.id }, data: { createdAt: at(43, 10), updatedAt: at(43, 10) } });
    created.set(c.name, { id: c.id, name: c.name });
    return c;
  };
  // No schedules: the demo hosts do not exist, and a worker would run scheduled connectors against them.
  for (const repo of REPOS) {
    await connect({
      kind: "git", name: sfx(`Git: acme/${repo.repo}`, " "), ownerTeamId: team(repo.team).id,
      description: `Every branch and tag of ${repo.repo}; later runs scan new commits only.`,
      config: { url: `git@git.acme.example:acme/${repo.repo}.git`, displayName: `acme/${repo.repo}` },
    });
  }
  const tls = await connect({
    kind: "tls", name: sfx("TLS: public endpoints", " "), ownerTeamId: team("platform").id, description: "Certificates our public and internal endpoints present.",
    config: { endpoints: ["api.acme.example:443", "checkout.acme.example:443", "sso.acme.example:443", "status.acme.example:443", "grafana.internal.acme.example:443"] },
  });
  const pgHost = "db-prod-eu.acme.example";
  const pgConnector = await connect({
    kind: "postgres", name: sfx("PostgreSQL prod-eu accounts", " "), ownerTeamId: team("platform").id, description: "Login roles of the main production cluster.",
    config: { host: pgHost, port: 5432, database: "postgres", ssl: true },
    // Credentials go to the vault (the connector keeps the path); skipped when the vault is unavailable.
    ...(stored ? { credentials: { username: "keyward_discovery", password: str(rv, ALNUM, 28) } } : {}),
  });
  if (fsAllowed) {
    await connect({
      kind: "filesystem", name: sfx("Legacy VM configs", " "), ownerTeamId: team("platform").id,
      description: "Config folders copied nightly from the legacy VM fleet.", config: { paths: [fsRoot] },
    });
  }
  result.connectors = created.size;

  // --- past runs ---------------------------------------------------------------------------
  type TStats = Record<string, number>;
  const blankStats = (): TStats => ({ findings: 0, newFindings: 0, locations: 0, compromised: 0, certificates: 0, accounts: 0, secretsCreated: 0, secretsUpdated: 0 });
  const emergencies: Array<TEmergencyRotation & { at: Date }> = [];
  const ingest = async (connectorId: string, findings: TIngestFinding[], when: Date, stats: TStats) => {
    if (!findings.length) return;
    const res = await ingestFindings(discovery, { connectorId, findings }, { enqueue: false, now: when });
    stats.findings! += res.created + res.seen;
    stats.newFindings! += res.created;
    stats.locations! += res.locations;
    stats.compromised! += res.compromised.length;
    for (const e of res.emergencyRotations) emergencies.push({ ...e, at: when });
  };
  /** A finished run as the runner and the job processor leave it (person-requested: "Run now"). */
  const record = async (c: { id: string; name: string }, started: Date, seconds: number, stats: TStats, extra: Record<string, number>, total: number) => {
    const all = { ...stats, ...extra };
    const finishedAt = new Date(started.getTime() + seconds * 1000);
    const summary = `${all.findings} findings (${all.newFindings} new), ${all.certificates} certificates, ${all.accounts} accounts, ${all.secretsCreated! + all.secretsUpdated!} inventory secrets`;
    await client.$transaction(async (tx) => {
      const jr = await tx.jobRun.create({
        data: {
          kind: "discovery.run", status: "succeeded", progress: total, total, message: summary, result: { stats: all, warnings: [] } as Prisma.InputJsonValue,
          requestedById: security.id, createdAt: new Date(started.getTime() - 1500), startedAt: started, finishedAt,
        },
      });
      await tx.discoveryRun.create({ data: { connectorId: c.id, jobRunId: jr.id, status: "succeeded", stats: all, errors: [], requestedById: security.id, createdAt: jr.createdAt, startedAt: started, finishedAt } });
      await tx.connector.update({ where: { id: c.id }, data: { lastRunAt: started, lastStatus: "succeeded", lastError: null, lastJobRunId: jr.id } });
      await appendAudit(tx, discovery, { action: "discovery.run", targetType: "connector", targetId: c.id, after: { jobRunId: jr.id, status: "succeeded", stats: all, warnings: 0, replayedBySeed: true } });
    });
    result.runs++;
  };

  const certs = demoCertificates(r, now);
  const accounts = demoAccounts(r, now, pgHost);
  for (let run = 0; run < RUN_DAYS.length; run++) {
    // Git: each run scans the commits added since the last one.
    for (const [i, repo] of REPOS.entries()) {
      const c = created.get(sfx(`Git: acme/${repo.repo}`, " "))!;
      const started = runAt(run, i * 7);
      const stats = blankStats();
      const findings: TIngestFinding[] = [];
      for (const l of leaks.filter((x) => x.connector === c.name)) {
        for (const loc of l.locations.filter((x) => x.run === run)) {
          findings.push({
            ...asFinding(l, loc), source: "git", repository: l.repository, file: loc.file, line: loc.line, commit: loc.commit, author: loc.author,
            committedAt: loc.committedAt!.toISOString(), ...(loc.owners ? { owners: loc.owners } : {}),
          });
        }
      }
      await ingest(c.id, findings, new Date(started.getTime() + 40_000), stats);
      const commits = run === 0 ? 800 + Math.floor(r.next() * 2400) : 5 + Math.floor(r.next() * 60);
      await record(c, started, run === 0 ? 95 + Math.floor(r.next() * 200) : 6 + Math.floor(r.next() * 30), stats, { commits, bytes: commits * (9000 + Math.floor(r.next() * 30000)) }, commits);
    }
    // The file system: the whole tree every time.
    const fsc = created.get(sfx("Legacy VM configs", " "));
    if (fsc) {
      const started = runAt(run, 50);
      const stats = blankStats();
      const present = leaks.filter((l) => l.source === "filesystem" && l.locations[0]!.run <= run && run <= l.lastRun);
      await ingest(fsc.id, present.map((l) => ({ ...asFinding(l, l.locations[0]!), source: "filesystem", repository: l.repository, file: l.locations[0]!.file, line: l.locations[0]!.line })), new Date(started.getTime() + 20_000), stats);
      const files = 310 + run * 4;
      await record(fsc, started, 25 + Math.floor(r.next() * 20), stats, { files, bytes: files * 2100 }, files);
    }
    // TLS endpoints and PostgreSQL accounts.
    {
      const started = runAt(run, 55);
      const stats = blankStats();
      stats.certificates = await recordCertificates(discovery, tls.id, certs, new Date(started.getTime() + 4000));
      await record(created.get(tls.name)!, started, 4 + Math.floor(r.next() * 5), stats, {}, 5);
    }
    {
      const started = runAt(run, 58);
      const stats = blankStats();
      stats.accounts = await recordAccounts(discovery, { id: pgConnector.id, backendId: null }, accounts, new Set(), new Date(started.getTime() + 2000));
      await record(created.get(pgConnector.name)!, started, 2 + Math.floor(r.next() * 3), stats, {}, accounts.length);
    }
    // The marketing site's pipeline uploads its scan (working tree) once a week.
    if (run >= 2) {
      const present = leaks.filter((l) => l.source === "ci-upload" && l.locations[0]!.run <= run && run <= l.lastRun);
      const owner = await client.user.findFirst({ where: { role: "app_owner", memberships: { some: { teamId: team(CI_REPO.team).id } } }, orderBy: { email: "asc" } });
      if (owner) {
        const uploader: Actor = { kind: "user", id: owner.id, label: owner.email, role: owner.role, teamIds: [team(CI_REPO.team).id] };
        await uploadScanResults(
          uploader,
          {
            repository: { name: `acme/${CI_REPO.repo}`, url: `https://git.acme.example/acme/${CI_REPO.repo}.git` },
            commit: str(r, HEX, 40), ref: "refs/heads/main",
            findings: present.map((l) => ({ ...asFinding(l, l.locations[0]!), file: l.locations[0]!.file, line: l.locations[0]!.line })),
          },
          { enqueue: false, now: runAt(run, 75) },
        );
      }
    }
  }

  // The emergency rotation the compromise queued, as the worker ran it minutes later.
  for (const e of emergencies) {
    const res = await emergencyRotationJob.handle({ secretId: e.secretId, findingId: e.findingId, jobRunId: e.jobRunId }, { jobRunId: e.jobRunId, progress: async () => {} });
    await client.jobRun.update({
      where: { id: e.jobRunId },
      data: { status: "succeeded", startedAt: new Date(e.at.getTime() + 3000), finishedAt: new Date(e.at.getTime() + 3400), result: JSON.parse(JSON.stringify(res)) },
    });
    result.compromised++;
  }

  // --- triage, as the security team did it over the weeks -------------------------------------
  const rows = await client.finding.findMany({ where: { fingerprint: { in: leaks.map(fingerprintOf) } }, select: { id: true, fingerprint: true, firstSeenAt: true, lastSeenAt: true } });
  const byFp = new Map(rows.map((x) => [x.fingerprint, x]));
  result.findings = rows.length;
  result.locations = await client.findingLocation.count({ where: { findingId: { in: rows.map((x) => x.id) } } });
  const toMigrate: string[] = [];
  for (const l of leaks) {
    const f = byFp.get(fingerprintOf(l));
    if (!f) continue;
    if (l.status === "open") {
      if (toMigrate.length < 3 && l.source === "git" && !l.compromise && ["password", "db-url", "aws-secret"].includes(l.kind)) toMigrate.push(f.id);
      continue;
    }
    // Fixed after its last sighting; any other verdict within days of the first.
    const after = l.status === "resolved" ? f.lastSeenAt.getTime() + (1 + r.next() * 2) * DAY : f.firstSeenAt.getTime() + (0.2 + r.next() * 4) * DAY;
    const when = new Date(Math.min(now.getTime() - HOUR, after));
    const note = r.pick(TRIAGE[l.status]);
    // An acceptance must run past the real clock (triage refuses a past expiry), also when `now` is earlier.
    const acceptedUntil = l.status === "accepted_risk" ? new Date(Math.max(now.getTime(), Date.now()) + (30 + Math.floor(r.next() * 90)) * DAY).toISOString() : undefined;
    await triageFindings(person, { ids: [f.id], status: l.status, note, ...(acceptedUntil ? { acceptedUntil } : {}) }, { now: when });
  }
  // "Migrate to the vault": inventory entries, pending rotation, linked to their findings.
  if (toMigrate.length) await migrateFindingsToVault(person, { ids: toMigrate, environment: "prod", classification: "sensitive" });
  return result;
}

function demoCertificates(r: TRng, now: Date): TDiscoveredCertificate[] {
  const day = (d: number) => new Date(now.getTime() + d * DAY).toISOString();
  const fp = () => str(r, HEX, 64);
  const le = { issuer: "CN=R11,O=Let's Encrypt,C=US", fp: fp(), serial: str(r, HEX, 32) };
  const out: TDiscoveredCertificate[] = [];
  const leaf = (host: string, issuer: string, from: number, to: number, extra: Partial<TDiscoveredCertificate> = {}) => {
    out.push({
      fingerprintSha256: fp(), subject: `CN=${host}`, sans: [host], issuer, serial: str(r, HEX, 32), notBefore: day(from), notAfter: day(to),
      keyAlgorithm: "EC prime256v1", selfSigned: false, isCa: false, chainIndex: 0, source: "endpoint", location: `${host}:443`, ...extra,
    });
  };
  const intermediate = (host: string) =>
    out.push({
      fingerprintSha256: le.fp, subject: "CN=R11,O=Let's Encrypt,C=US", sans: [], issuer: "CN=ISRG Root X1,O=Internet Security Research Group,C=US", serial: le.serial,
      notBefore: day(-400), notAfter: day(700), keyAlgorithm: "RSA 2048", selfSigned: false, isCa: true, chainIndex: 1, source: "endpoint", location: `${host}:443`,
    });
  leaf("api.acme.example", le.issuer, -50, 40);
  intermediate("api.acme.example");
  leaf("checkout.acme.example", le.issuer, -78, 12); // renewal overdue: expires in 12 days
  intermediate("checkout.acme.example");
  leaf("sso.acme.example", "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1,O=DigiCert Inc,C=US", -165, 200, { keyAlgorithm: "RSA 2048" });
  leaf("status.acme.example", le.issuer, -15, 75);
  intermediate("status.acme.example");
  leaf("grafana.internal.acme.example", "CN=grafana.internal.acme.example", -374, -9, { selfSigned: true, keyAlgorithm: "RSA 2048" }); // expired
  return out;
}

function demoAccounts(r: TRng, now: Date, host: string): TDiscoveredAccount[] {
  const ago = (d: number) => new Date(now.getTime() - d * DAY).toISOString();
  const server = `${host}:5432`;
  const account = (name: string, a: Partial<TDiscoveredAccount> & { sessions?: number; owned?: number; privileges?: number; memberOf?: string[] }): TDiscoveredAccount => ({
    engine: "postgres", server, name, canLogin: true, superuser: false, passwordSet: true, passwordExpiresAt: null, lastUsedAt: ago(r.next()), looksUnused: false, unusedReason: "",
    refs: accountRefs("postgres", name, host, 5432),
    details: { createRole: false, createDb: false, replication: false, bypassRls: false, sessions: a.sessions ?? 1 + Math.floor(r.next() * 20), ownedObjects: a.owned ?? 0, tablePrivileges: a.privileges ?? 10 + Math.floor(r.next() * 80), memberOf: a.memberOf ?? [] },
    ...a,
  });
  return [
    account("checkout_app", { memberOf: ["app_rw"] }),
    account("billing_rw", { memberOf: ["app_rw"] }),
    account("auth_service", { memberOf: ["app_rw"] }),
    account("etl_loader", { owned: 14, memberOf: ["warehouse_writer"] }),
    account("analytics_ro", { memberOf: ["pg_read_all_data"] }),
    account("reporting_legacy", { lastUsedAt: ago(212), looksUnused: true, unusedReason: "no session now; owns nothing; no table privileges", sessions: 0, privileges: 0 }),
    account("migration_runner", { passwordExpiresAt: ago(17), looksUnused: true, unusedReason: "the password has expired", sessions: 0, owned: 63 }),
    account("dba_oncall", { superuser: true, lastUsedAt: ago(3), sessions: 0, privileges: 0 }),
    account("keyward_discovery", { memberOf: ["pg_read_all_settings", "pg_read_all_stats"], privileges: 0 }),
  ];
}
