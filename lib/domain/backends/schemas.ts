import { z } from "zod";
import { listQuery, ZDescription, ZName } from "@/lib/list-query";

export const backendKinds = [
  "keyward",
  "vault_kv",
  "aws_sm",
  "azure_kv",
  "gcp_sm",
  "kubernetes",
  "git",
  "config_file",
  "env_var",
  "ci_variable",
] as const;
export type TBackendKind = (typeof backendKinds)[number];
export const ZBackendKind = z.enum(backendKinds);

/** Vault kinds: a secret stored there counts as vaulted. The others are unmanaged locations. */
export const vaultKinds: readonly TBackendKind[] = ["keyward", "vault_kv", "aws_sm", "azure_kv", "gcp_sm", "kubernetes"];
export const isVaultKind = (kind: string) => (vaultKinds as readonly string[]).includes(kind);

export const backendKindLabels: Record<TBackendKind, string> = {
  keyward: "Keyward vault",
  vault_kv: "HashiCorp Vault / OpenBao KV v2",
  aws_sm: "AWS Secrets Manager",
  azure_kv: "Azure Key Vault",
  gcp_sm: "Google Secret Manager",
  kubernetes: "Kubernetes secrets",
  git: "Git repository (hardcoded)",
  config_file: "Configuration file",
  env_var: "Environment variable",
  ci_variable: "CI variable",
};

// A URL without user:password@, so no credential can hide in a config.
const ZUrl = z
  .url({ protocol: /^https?$/, error: "Use an http(s) URL" })
  .max(500)
  .refine((u) => {
    try {
      const p = new URL(u);
      return !p.username && !p.password;
    } catch {
      return false;
    }
  }, "Leave credentials out of the URL");
const ZRepoUrl = z
  .string()
  .trim()
  .max(500)
  .regex(/^(https:\/\/[^\s@/]+\/\S+|git@[\w.-]+:\S+|ssh:\/\/git@[\w.-]+(:\d+)?\/\S+)$/, "Use an https:// or git@host:path repository address without credentials");
const ZLabel = (max = 200) => z.string().trim().min(1).max(max);

// Non-secret settings per kind. Strict objects: an unknown key (a token, a password) is refused.
export const backendConfigSchemas = {
  keyward: z.strictObject({}),
  vault_kv: z.strictObject({
    address: ZUrl,
    mount: ZLabel(100).regex(/^[\w.-]+(\/[\w.-]+)*$/, "A mount path like secret or kv/apps").default("secret"),
    namespace: ZLabel(100).optional(),
  }),
  aws_sm: z.strictObject({
    region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "An AWS region like eu-west-1"),
    accountId: z.string().regex(/^\d{12}$/, "Twelve digits").optional(),
    roleArn: z.string().regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "An IAM role ARN").optional(),
  }),
  azure_kv: z.strictObject({
    vaultUrl: ZUrl.refine((u) => u.startsWith("https://"), "Use https://<name>.vault.azure.net"),
    tenantId: z.uuid().optional(),
  }),
  gcp_sm: z.strictObject({
    projectId: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "A Google Cloud project id"),
  }),
  kubernetes: z.strictObject({
    apiServer: ZUrl.optional(),
    context: ZLabel(100).optional(),
    namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "A Kubernetes namespace name"),
  }),
  git: z.strictObject({ repositoryUrl: ZRepoUrl, branch: ZLabel(200).optional() }),
  config_file: z.strictObject({ host: ZLabel().optional(), path: ZLabel(500).optional() }),
  env_var: z.strictObject({ host: ZLabel().optional(), platform: ZLabel(100).optional() }),
  ci_variable: z.strictObject({
    provider: z.enum(["github", "gitlab", "jenkins", "circleci", "azure_devops", "other"]),
    project: ZLabel().optional(),
  }),
} satisfies Record<TBackendKind, z.ZodType>;

export const ZBackendId = z.uuid("Not a valid backend id");

const common = { name: ZName, description: ZDescription.default("") };

function variant<K extends TBackendKind>(kind: K) {
  const config = backendConfigSchemas[kind] as z.ZodObject;
  // prefault: a missing config is parsed as {}, so required settings are still reported.
  return z.strictObject({ ...common, kind: z.literal(kind), config: config.prefault({} as never) as unknown as (typeof backendConfigSchemas)[K] });
}

export const ZBackendCreate = z.discriminatedUnion("kind", [
  variant("keyward"),
  variant("vault_kv"),
  variant("aws_sm"),
  variant("azure_kv"),
  variant("gcp_sm"),
  variant("kubernetes"),
  variant("git"),
  variant("config_file"),
  variant("env_var"),
  variant("ci_variable"),
]);
export type TBackendCreate = z.input<typeof ZBackendCreate>;

// The kind is fixed at creation (it decides whether its secrets count as vaulted); the config
// is checked against that kind's schema in the service.
export const ZBackendUpdate = z
  .strictObject({ name: ZName, description: ZDescription, config: z.record(z.string(), z.unknown()) })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Change at least one field");
export type TBackendUpdate = z.input<typeof ZBackendUpdate>;

export const ZBackendListQuery = listQuery(["name", "kind", "createdAt"], {
  kind: ZBackendKind.optional(),
  vaulted: z.stringbool().optional(),
});
export type TBackendListQuery = z.input<typeof ZBackendListQuery>;

// Response shape, for the OpenAPI document.
export const ZBackendOut = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: ZBackendKind,
  description: z.string(),
  config: z.record(z.string(), z.unknown()),
  vaulted: z.boolean(),
  secretCount: z.number().int(),
  createdAt: z.iso.datetime(),
});
