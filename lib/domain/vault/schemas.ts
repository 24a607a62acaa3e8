import { z } from "zod";
import { capabilities, isValidPath, isValidPattern } from "./policy";

export const ZSecretPath = z
  .string()
  .trim()
  .min(1)
  .max(512)
  .refine(isValidPath, "A path is segments of letters, digits and . _ @ - separated by /, like prod/payments/api/stripe-key");
export const ZPathPattern = z
  .string()
  .trim()
  .min(1)
  .max(512)
  .refine(isValidPattern, 'A pattern is a path where "+" stands for one segment and a final "*" for any rest');
export const ZCapability = z.enum(capabilities);

/** A value: one string, or a map of keys to strings (the Vault KV shape). */
export const ZSecretData = z
  .record(z.string().min(1).max(200), z.string().max(64 * 1024))
  .refine((d) => Object.keys(d).length > 0 && Object.keys(d).length <= 100, "Give between 1 and 100 keys");

export const ZPutSecretValue = z
  .strictObject({
    path: ZSecretPath.optional(),
    secretId: z.uuid().optional(),
    value: z.string().min(1).max(64 * 1024).optional(),
    data: ZSecretData.optional(),
    stage: z.enum(["current", "pending"]).default("current"),
    // Check-and-set: the version the writer expects to be the latest (0: must not exist yet).
    cas: z.number().int().min(0).optional(),
  })
  .refine((v) => !!v.path !== !!v.secretId, { message: "Give either path or secretId", path: ["path"] })
  .refine((v) => !!v.value !== !!v.data, { message: "Give either value or data", path: ["value"] });
export type TPutSecretValue = z.input<typeof ZPutSecretValue>;

export const ZReadSecretValue = z
  .strictObject({
    path: ZSecretPath.optional(),
    secretId: z.uuid().optional(),
    version: z.coerce.number().int().min(1).optional(),
    stage: z.enum(["current", "pending", "previous"]).optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .refine((v) => !!v.path !== !!v.secretId, { message: "Give either path or secretId", path: ["path"] });

export const ZSecretRef = z
  .strictObject({ path: ZSecretPath.optional(), secretId: z.uuid().optional() })
  .refine((v) => !!v.path !== !!v.secretId, { message: "Give either path or secretId", path: ["path"] });

export const ZVersionAction = z
  .strictObject({
    path: ZSecretPath.optional(),
    secretId: z.uuid().optional(),
    versions: z.array(z.number().int().min(1)).min(1).max(100),
  })
  .refine((v) => !!v.path !== !!v.secretId, { message: "Give either path or secretId", path: ["path"] });

export const ZRollback = z
  .strictObject({ path: ZSecretPath.optional(), secretId: z.uuid().optional(), version: z.number().int().min(1) })
  .refine((v) => !!v.path !== !!v.secretId, { message: "Give either path or secretId", path: ["path"] });

export const ZCreateIdentity = z.strictObject({
  applicationId: z.uuid(),
  environment: z.enum(["dev", "staging", "prod"]),
  name: z.string().trim().min(1).max(100).regex(/^[a-z0-9][a-z0-9._-]*$/, "Lower-case letters, digits, . _ -").optional(),
  jwtIssuer: z.url().optional(),
  jwksUrl: z.url().optional(),
  jwtAudience: z.string().trim().min(1).max(300).optional(),
  jwtSubjects: z.array(z.string().trim().min(1).max(300)).max(50).default([]),
  tokenTtlSeconds: z.number().int().min(60).max(86_400).default(3600),
  tokenMaxTtlSeconds: z.number().int().min(60).max(30 * 86_400).default(86_400),
});

export const ZClientLogin = z.strictObject({
  role_id: z.string().min(1).max(200),
  secret_id: z.string().min(1).max(200),
});

export const ZJwtLogin = z.strictObject({
  role: z.string().min(1).max(200),
  jwt: z.string().min(10).max(16 * 1024),
});

export const ZRule = z.strictObject({
  path: ZPathPattern,
  capabilities: z.array(ZCapability).min(1),
  effect: z.enum(["allow", "deny"]).default("allow"),
});

export const ZPolicy = z.strictObject({
  name: z.string().trim().min(1).max(100).regex(/^[a-z0-9][a-z0-9._-]*$/, "Lower-case letters, digits, . _ -"),
  description: z.string().trim().max(1000).default(""),
  rules: z.array(ZRule).min(1).max(200),
});

export const ZAttachPolicy = z
  .strictObject({ policyId: z.uuid(), identityId: z.uuid().optional(), teamId: z.uuid().optional() })
  .refine((v) => !!v.identityId !== !!v.teamId, { message: "Attach to either an identity or a team", path: ["identityId"] });

export const ZCreateGrant = z
  .strictObject({
    principalType: z.enum(["user", "team", "identity"]),
    principalId: z.uuid(),
    secretId: z.uuid().optional(),
    pathPattern: ZPathPattern.optional(),
    capabilities: z.array(ZCapability).min(1),
    expiresAt: z.coerce.date().optional(),
    reason: z.string().trim().min(5, "Say why (at least 5 characters)").max(500),
    source: z.enum(["policy", "request", "break_glass", "manual"]).default("manual"),
  })
  .refine((v) => !!v.secretId !== !!v.pathPattern, { message: "Give either secretId or pathPattern", path: ["secretId"] });

export const ZSimulate = z
  .strictObject({
    identityId: z.uuid().optional(),
    userId: z.uuid().optional(),
    path: ZSecretPath,
    capability: ZCapability,
  })
  .refine((v) => !!v.identityId !== !!v.userId, { message: "Give either identityId or userId", path: ["identityId"] });

/** How long a console grant lasts; the server caps it (KEYWARD_VAULT_MAX_GRANT_MINUTES, 24 h). */
export const grantDurations = { "15m": 15, "1h": 60, "8h": 8 * 60, "24h": 24 * 60 } as const;
export const grantDurationLabels: Record<keyof typeof grantDurations, string> = { "15m": "15 minutes", "1h": "1 hour", "8h": "8 hours", "24h": "24 hours" };

/** The console's "Issue grant" form: one person may read one secret's values for a while. */
export const ZIssueSecretGrant = z.strictObject({
  secretId: z.uuid(),
  userId: z.uuid("Choose a person"),
  duration: z.enum(Object.keys(grantDurations) as [keyof typeof grantDurations, ...(keyof typeof grantDurations)[]], "Choose how long"),
  reason: z.string().trim().min(5, "Say why (at least 5 characters)").max(500),
});

export const grantStatuses = ["active", "expired", "revoked"] as const;

/** Vault's PATCH: a JSON merge patch of the data map (null removes a key). */
export const ZPatchSecretValue = z
  .strictObject({
    path: ZSecretPath.optional(),
    secretId: z.uuid().optional(),
    data: z.record(z.string().min(1).max(200), z.string().max(64 * 1024).nullable()).refine((d) => Object.keys(d).length > 0 && Object.keys(d).length <= 100, "Give between 1 and 100 keys"),
    cas: z.number().int().min(0).optional(),
  })
  .refine((v) => !!v.path !== !!v.secretId, { message: "Give either path or secretId", path: ["path"] });

/** Vault's metadata write. Keyward keeps custom metadata as "key=value" tags. */
export const ZSecretMetadataWrite = z.strictObject({
  path: ZSecretPath,
  customMetadata: z
    .record(z.string().min(1).max(40).regex(/^[^=,\s]+$/, "Keys: no spaces, commas or ="), z.string().max(40).regex(/^[^,]*$/, "Values: no commas"))
    .refine((m) => Object.keys(m).length <= 40, "At most 40 keys")
    // Each becomes a tag, and tags are at most 50 characters.
    .refine((m) => Object.entries(m).every(([k, v]) => k.length + 1 + v.length <= 50), "Each key=value pair is at most 50 characters")
    .optional(),
});
