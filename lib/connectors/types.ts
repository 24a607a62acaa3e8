// The one interface every discovery connector implements (lib/connectors/<id>/index.ts), and the
// shapes of what they report. Connectors never see the database: they read their source and
// hand batches to ctx.emit; lib/domain/discovery records them (findings, certificates, accounts,
// inventory entries) with audit. A connector never emits a raw secret: findings carry the
// scanner's keyed fingerprint and a redacted preview only.
import type { z } from "zod";
import type { Scanner } from "@/lib/scanner/engine";
import type { TSeverity } from "@/lib/scanner/types";

export type TCapability = "findings" | "certificates" | "accounts" | "secrets";

export type TDiscoveredFinding = {
  fingerprint: string;
  ruleId: string;
  description: string;
  severity: TSeverity;
  secretType: string;
  preview: string;
  /** "git", "filesystem", ... */
  source: string;
  /** Clone URL or root folder: what the per-repository view groups by. */
  repository: string;
  file: string;
  line: number;
  commit?: string;
  author?: string;
  committedAt?: string;
  /** Owners from CODEOWNERS for this file (e.g. "@acme/payments"), most specific rule. */
  owners?: string[];
};

export type TDiscoveredCertificate = {
  fingerprintSha256: string;
  subject: string;
  sans: string[];
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  keyAlgorithm: string;
  selfSigned: boolean;
  isCa: boolean;
  chainIndex: number;
  source: "endpoint" | "file";
  /** host:port or file path. */
  location: string;
};

export type TDiscoveredAccount = {
  engine: "postgres" | "mariadb";
  /** host:port */
  server: string;
  /** Role name (PostgreSQL) or 'user'@'host' (MariaDB). */
  name: string;
  canLogin: boolean;
  superuser: boolean;
  passwordSet: boolean | null;
  passwordExpiresAt: string | null;
  lastUsedAt: string | null;
  looksUnused: boolean;
  unusedReason: string;
  /** Refs an inventory secret may carry in externalRef to be linked to this account. */
  refs: string[];
  details: Record<string, unknown>;
};

/** A secret that lives in another vault: recorded in the inventory as vaulted (metadata only). */
export type TDiscoveredSecret = {
  /** The backend's own reference: a KV path, an ARN, a secret id or URL. Unique per connector. */
  externalRef: string;
  name: string;
  description?: string;
  createdAt?: string | null;
  lastChangedAt?: string | null;
  lastRotatedAt?: string | null;
  rotationEnabled?: boolean;
  rotationPeriodDays?: number | null;
  expiresAt?: string | null;
  tags?: Record<string, string>;
  versions?: number;
};

export type TDiscoveryBatch = {
  findings?: TDiscoveredFinding[];
  certificates?: TDiscoveredCertificate[];
  accounts?: TDiscoveredAccount[];
  secrets?: TDiscoveredSecret[];
};

export type TDiscoveryContext = {
  connectorId: string;
  /** The scanner, keyed with the server's fingerprint key. */
  scanner: Scanner;
  /** What the last successful run returned as `state` (cursors), {} on the first run. */
  state: Record<string, unknown>;
  emit: (batch: TDiscoveryBatch) => Promise<void>;
  progress: (done: number, total: number, message?: string) => Promise<void>;
  /** A problem that does not stop the run (one host down, one path unreadable). */
  warn: (message: string) => void;
};

export type TDiscoveryResult = {
  /** Saved on the connector for the next run (only when the run succeeds). */
  state?: Record<string, unknown>;
  stats?: Record<string, number>;
};

export type TTestResult = { ok: boolean; message: string };

export type Connector<C extends z.ZodType = z.ZodType, K extends z.ZodType = z.ZodType> = {
  id: string;
  label: string;
  description: string;
  /** Non-secret settings, stored on the connector row. */
  configSchema: C;
  /** Credentials, stored in the Keyward vault and referenced by path; null: none needed. */
  credentialsSchema: K | null;
  capabilities: TCapability[];
  test: (config: z.output<C>, creds: z.output<K> | null) => Promise<TTestResult>;
  discover: (config: z.output<C>, creds: z.output<K> | null, ctx: TDiscoveryContext) => Promise<TDiscoveryResult>;
};

export function defineConnector<C extends z.ZodType, K extends z.ZodType>(c: Connector<C, K>): Connector<C, K> {
  return c;
}

/**
 * Collects discovered secrets and hands them to ctx.emit 100 at a time with progress, so a
 * cloud listing of any size streams into the inventory instead of being held in memory.
 */
export function secretBatcher(ctx: TDiscoveryContext, size = 100) {
  let batch: TDiscoveredSecret[] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    count += batch.length;
    await ctx.emit({ secrets: batch });
    batch = [];
    await ctx.progress(count, count, `${count} secrets`);
  };
  return {
    async add(secret: TDiscoveredSecret) {
      batch.push(secret);
      if (batch.length >= size) await flush();
    },
    /** Emits what is left; returns how many secrets were emitted in all. */
    async finish(): Promise<number> {
      await flush();
      await ctx.progress(count, count, `${count} secrets`);
      return count;
    },
  };
}
