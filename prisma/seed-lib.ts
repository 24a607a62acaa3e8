// The demo organisation: teams, people for every role, applications, backends and a few
// thousand secrets with believable distributions (types, environments, classifications, ages,
// overdue rotations, unowned and hardcoded secrets, expiring certificates, dynamic secrets).
// Deterministic (seeded PRNG; dates relative to `now`), idempotent (skips an existing
// organisation) and fast (createMany in batches, one transaction, one audit event). It ends
// with a full verification of the audit chain, run as the worker runs it, so the demo's audit
// page shows the chain verified rather than "not verified yet".
// Tests and benchmarks reuse seedDemo(); a `namespace` keeps their copy apart from others.
import { appendAudit } from "@/lib/audit";
import { systemActor } from "@/lib/authz/authorize";
import { runAuditVerification } from "@/lib/domain/audit-log/verification";
import type { TAuditVerifyOutcome } from "@/lib/domain/audit-log/schemas";
import { hashPassword } from "@/lib/passwords";
import type {
  BackendKind,
  Classification,
  Environment,
  PrismaClient,
  SecretStatus,
  SecretType,
} from "@/generated/prisma/client";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoEmail } from "./demo-accounts";

export type TSeedOptions = {
  /** How many secrets (default 2,000). */
  secrets?: number;
  /** Suffix for every unique name, so several copies can live in one database (tests). */
  namespace?: string;
  /** Demo password for the sign-in accounts (default DEMO_PASSWORD). */
  password?: string;
  /** PRNG seed (default 20261123). */
  seed?: number;
  now?: Date;
  /** Connectors, past runs and findings (prisma/seed-discovery.ts); default true. */
  discovery?: boolean;
  /** End with a full verification of the audit chain (the demo's audit page); default true. Tests and benchmarks that only need the data skip it. */
  verify?: boolean;
};

export type TSeedResult = {
  skipped: boolean;
  teams: number;
  users: number;
  applications: number;
  backends: number;
  secrets: number;
  consumers: number;
  connectors: number;
  findings: number;
  /** The full audit-chain verification the seed ended with (null when it seeded nothing or was told not to verify). */
  verification: TAuditVerifyOutcome | null;
};

const DAY = 86_400_000;

// Unmanaged locations: a secret there is hardcoded, not vaulted (DOMAIN.md).
export const HARDCODED_BACKEND_KINDS: BackendKind[] = ["git", "config_file", "env_var", "ci_variable"];

type TTeamDef = { slug: string; name: string; description: string; apps: string[]; tag?: string };

export const DEMO_TEAMS: TTeamDef[] = [
  { slug: "payments", name: "Payments", description: "Checkout, billing, refunds and payouts.", tag: "pci",
    apps: ["checkout-api", "billing-service", "invoice-worker", "payment-gateway", "refunds-service"] },
  { slug: "identity", name: "Identity", description: "Sign-in, SSO, sessions and user profiles.", tag: "gdpr",
    apps: ["auth-service", "sso-bridge", "user-profile", "session-store", "mfa-service"] },
  { slug: "platform", name: "Platform", description: "Gateways, CI/CD and the shared runtime.",
    apps: ["api-gateway", "service-mesh", "build-runner", "artifact-registry", "deploy-bot"] },
  { slug: "data", name: "Data", description: "Pipelines, the warehouse and analytics.", tag: "gdpr",
    apps: ["etl-pipeline", "warehouse-loader", "analytics-api", "feature-store", "reporting-service"] },
  { slug: "mobile", name: "Mobile", description: "iOS and Android apps and their backends.",
    apps: ["ios-backend", "android-push", "mobile-bff", "app-config", "crash-reporter"] },
  { slug: "growth", name: "Growth", description: "Marketing site, campaigns and experiments.",
    apps: ["marketing-site", "email-campaigns", "referral-service", "ab-testing", "crm-sync"] },
  { slug: "security", name: "Security", description: "Detection, scanning and the audit pipeline.", tag: "soc2",
    apps: ["siem-forwarder", "vuln-scanner", "secrets-broker", "waf-rules", "audit-collector"] },
  { slug: "support", name: "Support", description: "Help desk, chat and the status page.",
    apps: ["helpdesk", "chat-widget", "status-page", "knowledge-base", "ticket-router"] },
];

// People without a password (they would sign in with SSO): a manager and an owner per team.
const PEOPLE = [
  ["Priya Patel", "Tom Becker"], ["Lena Fischer", "Omar Haddad"], ["Jonas Berg", "Mei Chen"], ["Sofia Rossi", "Arjun Rao"],
  ["Lucas Martin", "Hana Sato"], ["Emma Wilson", "Diego Lopez"], ["Noah Klein", "Aisha Bello"], ["Chloe Dubois", "Ivan Petrov"],
];

type TBackendDef = { key: BackendKind; name: string; description: string; config: Record<string, unknown> };

const BACKENDS: TBackendDef[] = [
  { key: "keyward", name: "Keyward vault", description: "Keyward's own encrypted store.", config: {} },
  { key: "vault_kv", name: "HashiCorp Vault (prod-eu)", description: "KV v2 on the shared Vault cluster.", config: { address: "https://vault.acme.internal:8200", mount: "kv" } },
  { key: "aws_sm", name: "AWS Secrets Manager eu-west-1", description: "Production AWS account.", config: { region: "eu-west-1", accountId: "123456789012" } },
  { key: "kubernetes", name: "Kubernetes prod-eu-1", description: "Secrets in the main cluster's namespaces.", config: { cluster: "prod-eu-1" } },
  { key: "git", name: "GitHub acme org", description: "Credentials hardcoded in repositories (found by scans).", config: { org: "acme" } },
  { key: "config_file", name: "Config files on the VM fleet", description: "Plaintext values in application config files.", config: { hosts: "legacy-vm-*" } },
  { key: "env_var", name: "Environment variables (legacy hosts)", description: "Values set directly in service environments.", config: { source: "systemd units" } },
];

export const TYPE_NAMES: Record<SecretType, string[]> = {
  password: ["db-password", "admin-password", "redis-password", "smtp-password", "ldap-bind-password", "replica-password"],
  api_key: ["stripe-api-key", "sendgrid-api-key", "datadog-api-key", "twilio-api-key", "maps-api-key", "openai-api-key", "segment-write-key"],
  token: ["github-token", "slack-bot-token", "npm-token", "pagerduty-token", "sentry-auth-token"],
  oauth_client: ["google-oauth-client", "github-oauth-app", "okta-client", "salesforce-client"],
  ssh_key: ["deploy-ssh-key", "bastion-ssh-key", "git-mirror-ssh-key"],
  tls_certificate: ["tls-cert", "mtls-client-cert", "ingress-cert", "api-cert"],
  private_key: ["jwt-signing-key", "saml-signing-key", "gpg-release-key", "apns-key"],
  symmetric_key: ["encryption-key", "cookie-secret", "hmac-key", "session-key"],
  connection_string: ["postgres-url", "mongodb-uri", "redis-url", "kafka-sasl", "amqp-url", "mysql-dsn"],
  cloud_access_key: ["aws-access-key", "gcp-service-account", "azure-sp-secret", "s3-uploader-key"],
  webhook_secret: ["stripe-webhook-secret", "github-webhook-secret", "slack-signing-secret", "shopify-webhook-secret"],
  other: ["license-key", "recaptcha-secret", "feature-flag-sdk-key"],
};

export const TYPE_WEIGHTS: Array<[SecretType, number]> = [
  ["password", 18], ["api_key", 16], ["token", 10], ["oauth_client", 6], ["ssh_key", 5], ["tls_certificate", 8],
  ["private_key", 4], ["symmetric_key", 5], ["connection_string", 12], ["cloud_access_key", 8], ["webhook_secret", 6], ["other", 2],
];

const ENV_WEIGHTS: Array<[Environment, number]> = [["prod", 45], ["staging", 25], ["dev", 30]];

export const CLASS_WEIGHTS: Record<Environment, Array<[Classification, number]>> = {
  prod: [["highly_sensitive", 35], ["sensitive", 45], ["standard", 20]],
  staging: [["highly_sensitive", 10], ["sensitive", 45], ["standard", 45]],
  dev: [["highly_sensitive", 3], ["sensitive", 27], ["standard", 70]],
};

export const BACKEND_WEIGHTS: Record<Environment, Array<[BackendKind, number]>> = {
  prod: [["keyward", 30], ["vault_kv", 25], ["aws_sm", 20], ["kubernetes", 12], ["git", 5], ["config_file", 4], ["env_var", 4]],
  staging: [["keyward", 28], ["vault_kv", 22], ["aws_sm", 15], ["kubernetes", 18], ["git", 7], ["config_file", 5], ["env_var", 5]],
  dev: [["keyward", 20], ["vault_kv", 15], ["aws_sm", 8], ["kubernetes", 15], ["git", 16], ["config_file", 12], ["env_var", 14]],
};

const DYNAMIC_TYPES = new Set<SecretType>(["connection_string", "cloud_access_key", "password"]);
const DYNAMIC_BACKENDS = new Set<BackendKind>(["keyward", "vault_kv", "aws_sm"]);

/** mulberry32: small, fast, good enough for demo data, and the same on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const weighted = <T>(items: ReadonlyArray<readonly [T, number]>): T => {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = next() * total;
    for (const [item, w] of items) if ((r -= w) < 0) return item;
    return items[items.length - 1][0];
  };
  const uuid = () => {
    const b = Array.from({ length: 16 }, () => Math.floor(next() * 256));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = b.map((x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  return { next, pick, weighted, uuid, chance: (p: number) => next() < p };
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function label(type: SecretType): string {
  return type.replaceAll("_", " ");
}

function externalRef(kind: BackendKind, env: Environment, team: string, app: string, name: string, line: number): string {
  switch (kind) {
    case "keyward": return `keyward://${env}/${team}/${app}/${name}`;
    case "vault_kv": return `kv/data/${env}/${team}/${app}/${name}`;
    case "aws_sm": return `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${env}/${app}/${name}`;
    case "kubernetes": return `${env === "prod" ? "prod-eu-1" : env + "-eu-1"}/${app}/secret/${app}-secrets#${name}`;
    case "git": return `github.com/acme/${app}/blob/main/config/${env}.yml#L${line}`;
    case "config_file": return `legacy-vm-${(line % 40) + 1}:/etc/${app}/${env}.conf`;
    case "env_var": return `${app.toUpperCase().replaceAll("-", "_")}_${name.toUpperCase().replaceAll("-", "_")} on ${env} hosts`;
    default: return `${kind}:${name}`;
  }
}

/** True when the demo organisation (in this namespace) already exists. */
export async function demoExists(client: PrismaClient, namespace?: string): Promise<boolean> {
  const slug = namespace ? `payments-${namespace}` : "payments";
  return (await client.team.count({ where: { slug } })) > 0;
}

export async function seedDemo(client: PrismaClient, opts: TSeedOptions = {}): Promise<TSeedResult> {
  const total = opts.secrets ?? 2000;
  const ns = opts.namespace;
  const now = opts.now ?? new Date();
  const r = prng(opts.seed ?? 20261123);
  // Ids come from their own stream, keyed by the namespace, so copies in one database differ
  // while their data (drawn from r) stays the same.
  const ids = prng(hashString(`${opts.seed ?? 20261123}:${ns ?? ""}`));
  const empty: TSeedResult = { skipped: true, teams: 0, users: 0, applications: 0, backends: 0, secrets: 0, consumers: 0, connectors: 0, findings: 0, verification: null };
  if (await demoExists(client, ns)) return empty;

  const sfx = (s: string, sep = "-") => (ns ? `${s}${sep}${ns}` : s);
  const ago = (days: number) => new Date(now.getTime() - days * DAY);

  // Teams and their applications.
  const teams = DEMO_TEAMS.map((t) => ({ ...t, id: ids.uuid(), slugNs: sfx(t.slug) }));
  const teamBySlug = new Map(teams.map((t) => [t.slug, t]));
  const apps = teams.flatMap((t) =>
    t.apps.map((name) => {
      const roll = r.next();
      const environments: Environment[] = roll < 0.75 ? ["dev", "staging", "prod"] : roll < 0.92 ? ["staging", "prod"] : ["prod"];
      return { id: ids.uuid(), name, slug: sfx(name), team: t, environments };
    }),
  );
  const backends = BACKENDS.map((b) => ({ ...b, id: ids.uuid() }));
  const backendByKind = new Map(backends.map((b) => [b.key, b]));

  // People: the demo sign-ins (with a password) plus an SSO-only manager and owner per team.
  const password = opts.password ?? DEMO_PASSWORD;
  const hashes = await Promise.all(DEMO_ACCOUNTS.map(() => hashPassword(password)));
  const users = DEMO_ACCOUNTS.map((a, i) => ({
    id: ids.uuid(), email: demoEmail(a.key, ns), name: a.name, role: a.role, passwordHash: hashes[i] as string | null,
    teams: a.teams.map((slug) => teamBySlug.get(slug)!.id),
  }));
  const demoManager = users[DEMO_ACCOUNTS.findIndex((a) => a.key === "manager")];
  const managerOf = new Map<string, string>();
  teams.forEach((t, i) => {
    const [managerName, ownerName] = PEOPLE[i % PEOPLE.length];
    const mail = (n: string) => `${sfx(n.toLowerCase().replace(" ", "."), ".")}@keyward.demo`;
    const manager = { id: ids.uuid(), email: mail(managerName), name: managerName, role: "manager" as const, passwordHash: null, teams: [t.id] };
    const owner = { id: ids.uuid(), email: mail(ownerName), name: ownerName, role: "app_owner" as const, passwordHash: null, teams: [t.id] };
    users.push(manager, owner);
    managerOf.set(t.id, demoManager.teams.includes(t.id) ? demoManager.id : manager.id);
  });

  // Secrets.
  const secrets: Array<Record<string, unknown> & { id: string }> = [];
  const consumers: Array<{ secretId: string; applicationId: string }> = [];
  const paths = new Set<string>();
  for (let i = 0; i < total; i++) {
    const app = r.pick(apps);
    const envChoices = ENV_WEIGHTS.filter(([e]) => app.environments.includes(e));
    const env = r.weighted(envChoices);
    const type = r.weighted(TYPE_WEIGHTS);
    const classification = r.weighted(CLASS_WEIGHTS[env]);
    const kind = r.weighted(BACKEND_WEIGHTS[env]);
    const hardcoded = HARDCODED_BACKEND_KINDS.includes(kind);
    const base = r.pick(TYPE_NAMES[type]);
    const pathBase = `${env}/${app.team.slugNs}/${app.slug}/`;
    let name = base;
    for (let n = 2; paths.has(pathBase + name); n++) name = `${base}-${n}`;
    const path = pathBase + name;
    paths.add(path);

    let ageDays = 10 + Math.pow(r.next(), 1.6) * 1400;
    let lastRotatedAt: Date | null = null;
    let rotationPeriodDays: number | null = null;
    let expiresAt: Date | null = null;
    const dynamic = !hardcoded && DYNAMIC_TYPES.has(type) && DYNAMIC_BACKENDS.has(kind) && r.chance(0.22);

    if (dynamic) {
      // The parent role of short-lived leases: "rotated" with every lease.
      lastRotatedAt = new Date(now.getTime() - r.next() * 6 * 3_600_000);
    } else if (type === "tls_certificate") {
      const validity = r.pick([90, 365, 397]);
      const issuedDaysAgo = r.next() * validity * 1.04;
      lastRotatedAt = ago(issuedDaysAgo);
      ageDays = Math.max(ageDays, issuedDaysAgo);
      expiresAt = new Date(lastRotatedAt.getTime() + validity * DAY);
      if (r.chance(0.8)) rotationPeriodDays = validity - 30; // renew 30 days before expiry
    } else {
      const hasPolicy = r.chance(hardcoded ? 0.4 : env === "prod" ? 0.88 : env === "staging" ? 0.75 : 0.55);
      if (hasPolicy) {
        rotationPeriodDays = r.pick([30, 60, 90, 90, 90, 180, 365]);
        const compliant = r.chance(hardcoded ? 0.45 : 0.84);
        const sinceRotation = compliant ? r.next() * rotationPeriodDays * 0.97 : rotationPeriodDays * (1.02 + Math.pow(r.next(), 2) * 3);
        if (r.chance(0.2)) ageDays = sinceRotation; // never rotated: the clock started at creation
        else {
          lastRotatedAt = ago(sinceRotation);
          if (sinceRotation >= ageDays) ageDays = sinceRotation + r.next() * 365;
        }
      } else if (r.chance(0.4)) {
        lastRotatedAt = ago(r.next() * ageDays);
      }
      if ((type === "token" || type === "api_key" || type === "oauth_client") && r.chance(0.25)) {
        expiresAt = new Date(now.getTime() + (-20 + r.next() * 420) * DAY);
      }
    }
    const createdAt = ago(ageDays);
    const rotationDueAt = rotationPeriodDays ? new Date((lastRotatedAt ?? createdAt).getTime() + rotationPeriodDays * DAY) : null;
    const overdue = rotationDueAt !== null && rotationDueAt < now;

    let lastUsedAt: Date | null = ago(Math.pow(r.next(), 2) * Math.min(30, ageDays));
    if (r.chance(0.12)) {
      const staleDays = 90 + r.next() * 400;
      lastUsedAt = staleDays < ageDays ? ago(staleDays) : null;
    }

    const statusRoll = r.next();
    const status: SecretStatus =
      statusRoll < 0.003 ? "compromised" : statusRoll < 0.008 ? "revoked" : statusRoll < 0.023 ? "deprecated"
      : overdue && r.chance(0.15) ? "pending_rotation" : "active";

    const ownerTeamId = r.chance(0.05) ? null : app.team.id;
    const tags: string[] = [];
    if (app.team.tag && (env === "prod" || app.team.tag !== "pci")) tags.push(app.team.tag);
    if (env === "prod" && classification === "highly_sensitive" && !tags.includes("soc2")) tags.push("soc2");
    if (hardcoded) tags.push("legacy");
    if (kind === "kubernetes") tags.push("managed-by:helm");
    if (kind === "vault_kv" && r.chance(0.4)) tags.push("terraform");
    if (r.chance(0.04)) tags.push("migrate-to-vault");

    const hygieneFlags = [
      ownerTeamId === null ? "unowned" : null,
      overdue ? "rotation_overdue" : null,
      expiresAt && expiresAt < now ? "expired" : null,
      lastUsedAt && lastUsedAt < ago(90) ? "unused_90d" : null,
    ].filter((f): f is string => f !== null);

    const id = ids.uuid();
    secrets.push({
      id, name, path, type, environment: env, classification, status, ownerTeamId,
      description: `${label(type)[0].toUpperCase()}${label(type).slice(1)} used by ${app.name} in ${env}.`,
      backendId: backendByKind.get(kind)!.id,
      externalRef: externalRef(kind, env, app.team.slug, app.name, name, 1 + Math.floor(r.next() * 300)),
      vaulted: !hardcoded, dynamic, rotationPeriodDays, lastRotatedAt, rotationDueAt, expiresAt, lastUsedAt,
      tags, hygieneFlags, hygieneCheckedAt: now, createdAt, updatedAt: lastRotatedAt && lastRotatedAt > createdAt ? lastRotatedAt : createdAt,
    });

    // Consumers: usually the app it belongs to, sometimes a sibling, rarely another team's app.
    const used = new Set<string>();
    if (r.chance(0.97)) used.add(app.id);
    if (r.chance(0.15)) used.add(r.pick(apps.filter((a) => a.team === app.team)).id);
    if (r.chance(0.05)) used.add(r.pick(apps).id);
    for (const applicationId of used) consumers.push({ secretId: id, applicationId });
  }

  await client.$transaction(
    async (tx) => {
      await tx.team.createMany({ data: teams.map((t) => ({ id: t.id, name: sfx(t.name, " "), slug: t.slugNs, description: t.description })) });
      await tx.user.createMany({
        data: users.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, passwordHash: u.passwordHash, status: "active" as const })),
      });
      await tx.teamMember.createMany({ data: users.flatMap((u) => u.teams.map((teamId) => ({ teamId, userId: u.id }))) });
      for (const t of teams) await tx.team.update({ where: { id: t.id }, data: { managerId: managerOf.get(t.id) } });
      await tx.application.createMany({
        data: apps.map((a) => ({
          id: a.id, name: a.slug, slug: a.slug, ownerTeamId: a.team.id, environments: a.environments,
          description: `${a.name} (${a.team.name}).`,
        })),
      });
      await tx.backend.createMany({
        data: backends.map((b) => ({ id: b.id, name: sfx(b.name, " "), kind: b.key, description: b.description, config: b.config as object })),
      });
      for (let i = 0; i < secrets.length; i += 1000) await tx.secret.createMany({ data: secrets.slice(i, i + 1000) as never });
      for (let i = 0; i < consumers.length; i += 2000) await tx.secretConsumer.createMany({ data: consumers.slice(i, i + 2000) });
      await appendAudit(tx, systemActor("seed"), {
        action: "seed.completed",
        targetType: "organisation",
        targetId: null,
        after: { namespace: ns ?? null, teams: teams.length, users: users.length, applications: apps.length, backends: backends.length, secrets: secrets.length, consumers: consumers.length },
      });
    },
    { timeout: 300_000, maxWait: 30_000 },
  );

  // Discovery through its own use cases (their transactions and audit events), after the rest exists.
  const discovery = opts.discovery === false ? null : await seedDiscovery(client, { namespace: ns, now, seed: opts.seed });
  // Last, so that it covers every event the seed wrote.
  const verification = opts.verify === false ? null : await verifyAuditChainAsWorker();
  return {
    skipped: false, teams: teams.length, users: users.length, applications: apps.length, backends: backends.length, secrets: secrets.length, consumers: consumers.length,
    connectors: discovery?.connectors ?? 0, findings: discovery?.findings ?? 0, verification,
  };
}

/**
 * One full verification of the audit chain through the job's own function, started without a
 * JobRun as the weekly schedule starts it: its JobRun, checkpoint and completion event are the
 * worker's.
 */
export function verifyAuditChainAsWorker() {
  return runAuditVerification({ mode: "full" }, { progress: async () => {} });
}

/** The discovery demo (idempotent on its own: `npm run db:seed` adds it to an older demo database). */
export async function seedDiscovery(client: PrismaClient, opts: { namespace?: string; now?: Date; seed?: number } = {}) {
  // Loaded on demand: it brings the connectors, the scanner and the vault.
  const { seedDiscoveryDemo } = await import("./seed-discovery");
  return seedDiscoveryDemo(client, { ...opts, prng, hash: hashString });
}
