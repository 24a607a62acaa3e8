// Discovery input schemas. Browser-safe (no server imports): the console's forms and the OpenAPI
// document use them too.
//
// Route -> schemas (for lib/openapi.ts):
//   GET    /api/v1/findings                 query ZFindingListQuery   -> page of findings (or groups)
//   GET    /api/v1/findings/{id}                                      -> finding with locations
//   POST   /api/v1/findings/triage          body  ZTriageFindings     -> { updated }
//   POST   /api/v1/findings/migrate         body  ZMigrateFindings    -> { migrated, failed }
//   GET    /api/v1/connectors               query ZConnectorListQuery -> page of connectors
//   POST   /api/v1/connectors               body  ZConnectorCreate    -> 201 connector
//   GET    /api/v1/connectors/{id}                                    -> connector with recent runs
//   PATCH  /api/v1/connectors/{id}          body  ZConnectorUpdate    -> connector
//   DELETE /api/v1/connectors/{id}                                    -> 204
//   POST   /api/v1/connectors/{id}/runs                               -> 202 { jobRunId, runId }
//   POST   /api/v1/connectors/{id}/test                               -> { ok, message }
//   POST   /api/v1/discovery/scans          body  ZScanUpload         -> 201 { created, seen, ... }
//   GET    /api/v1/discovery/fingerprint-key                          -> { algorithm, key, keyId }
import { z } from "zod";
import { queryList } from "@/lib/list-query";

export const connectorKinds = ["git", "filesystem", "tls", "postgres", "mariadb", "vault-kv", "aws-sm", "azure-kv", "gcp-sm"] as const;
export type TConnectorKind = (typeof connectorKinds)[number];

export const findingStatuses = ["open", "triaged", "resolved", "false_positive", "accepted_risk"] as const;
export type TFindingStatus = (typeof findingStatuses)[number];
export const findingSeverities = ["critical", "high", "medium", "low"] as const;
export type TFindingSeverity = (typeof findingSeverities)[number];

export const findingStatusLabels: Record<TFindingStatus, string> = {
  open: "Open",
  triaged: "Triaged",
  resolved: "Resolved",
  false_positive: "False positive",
  accepted_risk: "Accepted risk",
};

export const MAX_TRIAGE_IDS = 1000;
export const MAX_ACCEPTED_RISK_DAYS = 365;


const queryInt = (min: number, max: number, fallback: number) =>
  z.preprocess(
    (v) => (v === undefined || v === "" ? undefined : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v),
    z.number({ error: "Use a whole number." }).int().min(min).max(max).default(fallback),
  );

const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() || undefined : v), z.string().max(max).optional());

export const findingSortFields = ["lastSeenAt", "firstSeenAt", "severity", "ruleId", "repository", "locationCount"] as const;

export const ZFindingListQuery = z.strictObject({
  status: queryList(z.enum(findingStatuses, { error: "Unknown status." })),
  severity: queryList(z.enum(findingSeverities, { error: "Unknown severity." })),
  ruleId: queryList(z.string().max(100)),
  repository: optionalText(1000),
  ownerTeamId: queryList(z.uuid({ error: "Use team ids." })),
  connectorId: queryList(z.uuid({ error: "Use connector ids." })),
  /** Substring of a file path or rule id. */
  q: optionalText(200),
  /** "repository": one row per repository with counts instead of findings. */
  groupBy: z.enum(["repository"]).optional(),
  page: queryInt(1, 100_000, 1),
  pageSize: queryInt(1, 200, 50),
  sort: z.enum(findingSortFields).default("lastSeenAt"),
  order: z.enum(["asc", "desc"]).default("desc"),
});
export type TFindingListQuery = z.output<typeof ZFindingListQuery>;

export const ZFindingId = z.uuid({ error: "Not a valid finding id." });
export const ZConnectorId = z.uuid({ error: "Not a valid connector id." });

const ids = z
  .array(z.uuid({ error: "Not a valid finding id." }))
  .min(1, "Select at least one finding.")
  .max(MAX_TRIAGE_IDS, `Select at most ${MAX_TRIAGE_IDS} findings at a time.`);

const isoDate = z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: "Use an ISO date, e.g. 2026-12-31." }).transform((s) => new Date(s));

export const ZTriageFindings = z
  .strictObject({
    ids,
    status: z.enum(findingStatuses, { error: "Choose a status." }),
    note: z.string().trim().max(2000, "At most 2000 characters.").default(""),
    /** Required for accepted_risk: when the acceptance lapses and the finding opens again. */
    acceptedUntil: isoDate.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.status === "accepted_risk") {
      if (!v.acceptedUntil) ctx.addIssue({ code: "custom", path: ["acceptedUntil"], message: "Accepted risk needs an expiry date." });
      else if (v.acceptedUntil.getTime() <= Date.now()) ctx.addIssue({ code: "custom", path: ["acceptedUntil"], message: "The expiry must be in the future." });
      else if (v.acceptedUntil.getTime() > Date.now() + MAX_ACCEPTED_RISK_DAYS * 86_400_000)
        ctx.addIssue({ code: "custom", path: ["acceptedUntil"], message: `At most ${MAX_ACCEPTED_RISK_DAYS} days ahead.` });
      if (!v.note) ctx.addIssue({ code: "custom", path: ["note"], message: "Say why the risk is accepted." });
    } else if (v.acceptedUntil) {
      ctx.addIssue({ code: "custom", path: ["acceptedUntil"], message: "Only accepted risk takes an expiry." });
    }
  });
export type TTriageFindings = z.output<typeof ZTriageFindings>;

export const ZMigrateFindings = z.strictObject({
  ids,
  environment: z.enum(["dev", "staging", "prod"], { error: "Choose an environment." }),
  classification: z.enum(["standard", "sensitive", "highly_sensitive"], { error: "Choose a classification." }).default("sensitive"),
  /** Owner of the new entries; defaults to each finding's owner team. */
  ownerTeamId: z.uuid({ error: "Choose a team." }).optional(),
});
export type TMigrateFindings = z.output<typeof ZMigrateFindings>;

/** Findings as connectors report them (fingerprints and previews, never values). */
export const ZIngestFinding = z.strictObject({
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, "A hex HMAC-SHA256 fingerprint."),
  ruleId: z.string().min(1).max(100),
  description: z.string().max(500).default(""),
  severity: z.enum(findingSeverities),
  secretType: z.string().min(1).max(100),
  preview: z.string().max(16),
  source: z.string().min(1).max(50),
  repository: z.string().min(1).max(1000),
  file: z.string().min(1).max(2000),
  line: z.number().int().min(0),
  commit: z.string().max(64).optional(),
  author: z.string().max(300).optional(),
  committedAt: z.string().max(40).optional(),
  owners: z.array(z.string().max(200)).max(20).optional(),
});
export const ZIngestFindings = z.strictObject({
  connectorId: z.uuid().nullable().default(null),
  findings: z.array(ZIngestFinding).max(5000),
});
export type TIngestFinding = z.output<typeof ZIngestFinding>;

// --- CI uploads: the JSON report of `keyward scan`, sent by a pipeline

export const MAX_UPLOAD_FINDINGS = 5000;
/** Request body cap for an upload (about 700 bytes per finding at the most). */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;
/** Where an uploaded finding was seen, as FindingLocation.source. */
export const CI_UPLOAD_SOURCE = "ci-upload";

/** One finding as `keyward scan --format json` writes it (fingerprint and preview, never the match). */
export const ZScanUploadFinding = z.strictObject({
  ruleId: z.string().min(1).max(100),
  description: z.string().max(500).default(""),
  severity: z.enum(findingSeverities, { error: "One of critical, high, medium, low." }),
  secretType: z.string().min(1).max(100),
  file: z.string().min(1).max(2000),
  line: z.number().int().min(0),
  column: z.number().int().min(0).optional(),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, "A hex HMAC-SHA256 fingerprint (64 characters)."),
  // The scanner's redacted preview: at most 4 characters and an ellipsis, or "(file)". Anything
  // longer could be the value itself and is refused rather than stored.
  preview: z.string().regex(/^(?:\(file\)|[^\n]{1,4}…)$/u, "A redacted preview: at most 4 characters followed by …"),
  commit: z.string().regex(/^[0-9a-f]{7,64}$/i, "A commit id (hex).").optional(),
  author: z.string().max(300).optional(),
  /** Accepted because the report has it; not stored (the location keeps the author's name, as the git connector does). */
  email: z.string().max(300).optional(),
  date: z.string().max(40).optional(),
});

export const ZScanUpload = z.strictObject({
  repository: z
    .strictObject({
      /** Shown in findings and the per-repository view, e.g. "acme/payments". */
      name: z.string().trim().min(1).max(300).optional(),
      /** Clone URL; credentials in it are dropped. Matches a git connector with the same URL. */
      url: z.string().trim().min(1).max(1000).optional(),
    })
    .refine((r) => r.name || r.url, { message: "Give the repository's name or URL.", path: ["name"] }),
  /** The commit the pipeline scanned (history findings carry their own). */
  commit: z.string().trim().regex(/^[0-9a-f]{7,64}$/i, "A commit id (hex).").optional(),
  /** Branch or tag, e.g. main or refs/heads/main. */
  ref: z.string().trim().max(300).optional(),
  /** Owner of the repository's findings when no git connector names one; else the uploader's team. */
  ownerTeamId: z.uuid({ error: "Use a team id." }).optional(),
  findings: z.array(ZScanUploadFinding).max(MAX_UPLOAD_FINDINGS, `At most ${MAX_UPLOAD_FINDINGS} findings per upload.`),
});
export type TScanUpload = z.output<typeof ZScanUpload>;

// --- connectors

const cron = z
  .string()
  .trim()
  .max(100)
  .regex(/^(\S+\s+){4,5}\S+$/, "A cron pattern of 5 or 6 fields, e.g. 0 3 * * *");

const name = z
  .string({ error: "Give the connector a name." })
  .trim()
  .min(1, "Give the connector a name.")
  .max(100, "At most 100 characters.");

export const ZConnectorCreate = z.strictObject({
  kind: z.enum(connectorKinds, { error: "Choose a kind." }),
  name,
  description: z.string().trim().max(2000).default(""),
  /** Checked against the kind's configSchema. */
  config: z.record(z.string(), z.unknown()).default({}),
  /** Checked against the kind's credentialsSchema, stored in the Keyward vault, never returned. */
  credentials: z.record(z.string(), z.string().max(20_000)).optional(),
  ownerTeamId: z.uuid({ error: "Choose a team." }).nullable().default(null),
  backendId: z.uuid({ error: "Choose a backend." }).nullable().default(null),
  schedule: cron.nullable().default(null),
  enabled: z.boolean().default(true),
});
export type TConnectorCreateInput = z.input<typeof ZConnectorCreate>;

export const ZConnectorUpdate = z.strictObject({
  name: name.optional(),
  description: z.string().trim().max(2000).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  /** New credentials replace the stored ones (a new vault version). */
  credentials: z.record(z.string(), z.string().max(20_000)).optional(),
  ownerTeamId: z.uuid({ error: "Choose a team." }).nullable().optional(),
  backendId: z.uuid({ error: "Choose a backend." }).nullable().optional(),
  schedule: cron.nullable().optional(),
  enabled: z.boolean().optional(),
});

export const ZConnectorListQuery = z.strictObject({
  kind: queryList(z.enum(connectorKinds)),
  page: queryInt(1, 100_000, 1),
  pageSize: queryInt(1, 200, 50),
});
