// Inventory input schemas. Browser-safe (no server imports): the console's forms and the
// OpenAPI document use them too.
//
// Route -> schemas (for lib/openapi.ts):
//   GET    /api/v1/secrets            query ZSecretListQuery        -> TSecretListResult (rows of TSecretRow)
//   POST   /api/v1/secrets            body  ZCreateSecret           -> 201 TSecretDetail
//   GET    /api/v1/secrets/{id}       path  ZSecretId               -> TSecretDetail
//   PATCH  /api/v1/secrets/{id}       body  ZUpdateSecret           -> TSecretDetail
//   DELETE /api/v1/secrets/{id}                                     -> 204
//   POST   /api/v1/secrets/bulk       body  ZBulkUpdateSecrets      -> { updated: number }
//   GET    /api/v1/secrets/export     query ZSecretExportQuery      -> text/csv (all filtered rows)
//   POST   /api/v1/jobs/hygiene                                     -> 202 JobRun
//   GET    /api/v1/jobs/{id}          path  ZJobRunId               -> JobRun
import { z } from "zod";
import { queryList } from "@/lib/list-query";
import { BackendKind, Classification, Environment, SecretStatus, SecretType } from "@/generated/prisma/enums";

export const secretTypes = Object.values(SecretType);
export const environments = Object.values(Environment);
export const classifications = Object.values(Classification);
export const secretStatuses = Object.values(SecretStatus);
export const backendKinds = Object.values(BackendKind);

/** Backend kinds that are vaults; a secret in any other kind of backend is not "vaulted". */
export const vaultKinds: readonly BackendKind[] = ["keyward", "vault_kv", "aws_sm", "azure_kv", "gcp_sm", "kubernetes"];
export const isVaultKind = (kind: string) => (vaultKinds as readonly string[]).includes(kind);

export const typeLabels: Record<SecretType, string> = {
  password: "Password",
  api_key: "API key",
  token: "Token",
  oauth_client: "OAuth client",
  ssh_key: "SSH key",
  tls_certificate: "TLS certificate",
  private_key: "Private key",
  symmetric_key: "Symmetric key",
  connection_string: "Connection string",
  cloud_access_key: "Cloud access key",
  webhook_secret: "Webhook secret",
  other: "Other",
};
export const environmentLabels: Record<Environment, string> = { dev: "Dev", staging: "Staging", prod: "Prod" };
export const classificationLabels: Record<Classification, string> = {
  standard: "Standard",
  sensitive: "Sensitive",
  highly_sensitive: "Highly sensitive",
};
export const statusLabels: Record<SecretStatus, string> = {
  active: "Active",
  pending_rotation: "Pending rotation",
  compromised: "Compromised",
  revoked: "Revoked",
  deprecated: "Deprecated",
};
export const backendKindLabels: Record<BackendKind, string> = {
  keyward: "Keyward vault",
  vault_kv: "HashiCorp Vault KV",
  aws_sm: "AWS Secrets Manager",
  azure_kv: "Azure Key Vault",
  gcp_sm: "GCP Secret Manager",
  kubernetes: "Kubernetes",
  git: "Git (hardcoded)",
  config_file: "Config file",
  env_var: "Environment variable",
  ci_variable: "CI variable",
};

export const sortFields = [
  "name",
  "path",
  "type",
  "environment",
  "classification",
  "status",
  "createdAt",
  "lastRotatedAt",
  "rotationDueAt",
  "expiresAt",
  "lastUsedAt",
] as const;
export type TSortField = (typeof sortFields)[number];

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_BULK_IDS = 1000;

// --- query-string helpers: a filter takes repeated keys (?type=a&type=b) or commas (?type=a,b)


const queryBool = z.preprocess((v) => {
  if (v === undefined || v === "") return undefined;
  if (v === true || v === "true" || v === "1" || v === "yes") return true;
  if (v === false || v === "false" || v === "0" || v === "no") return false;
  return v;
}, z.boolean({ error: "Use true or false." }).optional());

const queryInt = (min: number, max: number, fallback: number) =>
  z.preprocess(
    (v) => (v === undefined || v === "" ? undefined : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v),
    z.number({ error: "Use a whole number." }).int().min(min).max(max).default(fallback),
  );

/** The filters shared by the list, the CSV export and the UI's URL state. */
export const filterShape = {
  // Substring search runs on a trigram index, which needs three characters to narrow anything.
  q: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() || undefined : v),
    z.string().min(3, "Search for at least 3 characters.").max(200, "Search for at most 200 characters.").optional(),
  ),
  type: queryList(z.enum(SecretType)),
  environment: queryList(z.enum(Environment)),
  classification: queryList(z.enum(Classification)),
  status: queryList(z.enum(SecretStatus)),
  backendId: queryList(z.uuid({ error: "Use backend ids." })),
  ownerTeamId: queryList(z.uuid({ error: "Use team ids." })),
  overdue: queryBool,
  unowned: queryBool,
};
export const filterKeys = Object.keys(filterShape) as Array<keyof typeof filterShape>;

export const ZSecretExportQuery = z.strictObject(filterShape);
export type TSecretFilters = z.output<typeof ZSecretExportQuery>;

export const ZSecretListQuery = z.strictObject({
  ...filterShape,
  page: queryInt(1, 100_000, 1),
  pageSize: queryInt(1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
  // Default: by name, or newest first while searching (see defaultSecretSort).
  sort: z.enum(sortFields).optional(),
  order: z.enum(["asc", "desc"]).optional(),
});
export type TSecretListQuery = z.output<typeof ZSecretListQuery>;

/**
 * The order when none is asked for: by name; newest first while searching, because a search
 * term's matches cluster in name order and would have to be collected and sorted in full.
 */
export function defaultSecretSort(q: string | undefined): { sort: TSortField; order: "asc" | "desc" } {
  return q ? { sort: "createdAt", order: "desc" } : { sort: "name", order: "asc" };
}

/** The sort and order a list query means, defaults applied. */
export function resolveSecretSort(query: { q?: string; sort?: TSortField; order?: "asc" | "desc" }) {
  if (query.sort) return { sort: query.sort, order: query.order ?? "asc" };
  const d = defaultSecretSort(query.q);
  return { sort: d.sort, order: query.order ?? d.order };
}

export const listQueryKeys = Object.keys(ZSecretListQuery.shape) as Array<keyof TSecretListQuery>;

// --- writes (JSON bodies: exact types, unknown keys refused)

export const ZSecretId = z.uuid({ error: "Not a valid secret id." });
export const ZJobRunId = z.uuid({ error: "Not a valid job id." });

const name = z
  .string({ error: "Give the secret a name." })
  .trim()
  .min(1, "Give the secret a name.")
  .max(200, "Use at most 200 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Use letters, digits, dots, dashes and underscores; start with a letter or digit.");

const path = z
  .string()
  .trim()
  .min(1)
  .max(500, "Use at most 500 characters.")
  .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, "Use segments of letters, digits, dots, dashes and underscores separated by /.");

// Dates arrive as ISO strings (JSON) or YYYY-MM-DD (forms).
const date = z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: "Use an ISO date, e.g. 2026-12-31." }).transform((s) => new Date(s));

const tag = z
  .string()
  .trim()
  .min(1, "Tags cannot be empty.")
  .max(50, "Keep tags to 50 characters.")
  .regex(/^[^,\s][^,]*$/, "Tags cannot contain commas.");

const fields = {
  name,
  path,
  description: z.string().max(2000, "Use at most 2000 characters."),
  type: z.enum(SecretType, { error: "Choose a type." }),
  environment: z.enum(Environment, { error: "Choose an environment." }),
  classification: z.enum(Classification, { error: "Choose a classification." }),
  status: z.enum(SecretStatus, { error: "Choose a status." }),
  ownerTeamId: z.uuid({ error: "Choose a team." }).nullable(),
  backendId: z.uuid({ error: "Choose a backend." }),
  externalRef: z.string().trim().max(500, "Use at most 500 characters.").nullable(),
  rotationPeriodDays: z.number({ error: "Use a number of days." }).int("Use whole days.").min(1, "At least 1 day.").max(3650, "At most 3650 days.").nullable(),
  lastRotatedAt: date.nullable(),
  expiresAt: date.nullable(),
  tags: z.array(tag).max(50, "At most 50 tags."),
  applicationIds: z.array(z.uuid({ error: "Not a valid application id." })).max(100, "At most 100 consumers."),
  dynamic: z.boolean({ error: "Use true or false." }),
};

export const ZCreateSecret = z.strictObject({
  name: fields.name,
  // Computed as <env>/<team slug|unowned>/<first consumer app slug|shared>/<name> when left out.
  path: fields.path.optional(),
  description: fields.description.default(""),
  type: fields.type,
  environment: fields.environment,
  classification: fields.classification,
  status: fields.status.default("active"),
  ownerTeamId: fields.ownerTeamId.optional(),
  backendId: fields.backendId,
  externalRef: fields.externalRef.optional(),
  rotationPeriodDays: fields.rotationPeriodDays.optional(),
  lastRotatedAt: fields.lastRotatedAt.optional(),
  expiresAt: fields.expiresAt.optional(),
  tags: fields.tags.default([]),
  applicationIds: fields.applicationIds.default([]),
  dynamic: fields.dynamic.default(false),
});
export type TCreateSecretInput = z.input<typeof ZCreateSecret>;
export type TCreateSecret = z.output<typeof ZCreateSecret>;

/** Every field optional; a path stays where it is unless given (workloads address secrets by it). */
export const ZUpdateSecret = z.strictObject({
  name: fields.name.optional(),
  path: fields.path.optional(),
  description: fields.description.optional(),
  type: fields.type.optional(),
  environment: fields.environment.optional(),
  classification: fields.classification.optional(),
  status: fields.status.optional(),
  ownerTeamId: fields.ownerTeamId.optional(),
  backendId: fields.backendId.optional(),
  externalRef: fields.externalRef.optional(),
  rotationPeriodDays: fields.rotationPeriodDays.optional(),
  lastRotatedAt: fields.lastRotatedAt.optional(),
  expiresAt: fields.expiresAt.optional(),
  tags: fields.tags.optional(),
  applicationIds: fields.applicationIds.optional(),
  dynamic: fields.dynamic.optional(),
});
export type TUpdateSecretInput = z.input<typeof ZUpdateSecret>;
export type TUpdateSecret = z.output<typeof ZUpdateSecret>;

export const ZBulkUpdateSecrets = z
  .strictObject({
    ids: z
      .array(z.uuid({ error: "Not a valid secret id." }))
      .min(1, "Select at least one secret.")
      .max(MAX_BULK_IDS, `Select at most ${MAX_BULK_IDS} secrets at a time.`),
    ownerTeamId: fields.ownerTeamId.optional(),
    classification: fields.classification.optional(),
  })
  .refine((v) => v.ownerTeamId !== undefined || v.classification !== undefined, {
    message: "Choose an owner team or a classification to set.",
  });
export type TBulkUpdateSecrets = z.output<typeof ZBulkUpdateSecrets>;
