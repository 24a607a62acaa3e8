// AWS Secrets Manager through the official SDK (@aws-sdk/client-secrets-manager): ListSecrets
// gives names, ARNs, rotation settings, last changed/rotated dates and tags. No values read.
// `endpoint` points the SDK at another endpoint (VPC endpoint, LocalStack, the tests' server).
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { z } from "zod";
import { defineConnector, type TDiscoveredSecret } from "../types";

export const ZAwsSmConfig = z.strictObject({
  region: z.string().trim().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "An AWS region such as eu-west-1").describe("Region"),
  endpoint: z.url().max(500).optional().describe("Custom endpoint URL (optional)"),
  environment: z.enum(["dev", "staging", "prod"]).default("prod").describe("Environment of the secrets found"),
});
export const ZAwsSmCredentials = z.strictObject({
  accessKeyId: z.string().min(16).max(128).describe("Access key id of a principal allowed secretsmanager:ListSecrets"),
  secretAccessKey: z.string().min(1).max(256),
  sessionToken: z.string().max(4000).optional(),
});

type TConfig = z.output<typeof ZAwsSmConfig>;
type TCreds = z.output<typeof ZAwsSmCredentials>;

// The SDK loads on first use, so the registry (imported by web and worker) stays light.
const sdk = () => import("@aws-sdk/client-secrets-manager");

async function client(config: TConfig, creds: TCreds | null): Promise<SecretsManagerClient> {
  const { SecretsManagerClient } = await sdk();
  return new SecretsManagerClient({
    region: config.region,
    endpoint: config.endpoint,
    maxAttempts: 2,
    // Without stored credentials the SDK's default chain applies (instance role, env).
    ...(creds ? { credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken } } : {}),
  });
}

const iso = (d: Date | undefined) => (d ? d.toISOString() : null);

export const awsSmConnector = defineConnector({
  id: "aws-sm",
  label: "AWS Secrets Manager",
  description: "Inventories secrets (names, rotation settings, last changed, tags) through the AWS SDK; values are never read.",
  configSchema: ZAwsSmConfig,
  credentialsSchema: ZAwsSmCredentials,
  capabilities: ["secrets"],
  async test(config, creds) {
    const c = await client(config, creds);
    const { paginateListSecrets } = await sdk();
    try {
      const pages = paginateListSecrets({ client: c, pageSize: 1 }, {});
      const first = await pages.next();
      return { ok: true, message: `reachable; ${first.value?.SecretList?.length ? "secrets found" : "no secrets"}` };
    } finally {
      c.destroy();
    }
  },
  async discover(config, creds, ctx) {
    const c = await client(config, creds);
    const { paginateListSecrets } = await sdk();
    let count = 0;
    try {
      for await (const page of paginateListSecrets({ client: c, pageSize: 100 }, {})) {
        const batch: TDiscoveredSecret[] = [];
        for (const s of page.SecretList ?? []) {
          if (!s.ARN || !s.Name || s.DeletedDate) continue;
          batch.push({
            externalRef: s.ARN,
            name: s.Name.split("/").pop()!,
            description: s.Description ?? `AWS Secrets Manager ${s.Name}`,
            createdAt: iso(s.CreatedDate),
            lastChangedAt: iso(s.LastChangedDate),
            lastRotatedAt: iso(s.LastRotatedDate),
            rotationEnabled: s.RotationEnabled ?? false,
            rotationPeriodDays: s.RotationRules?.AutomaticallyAfterDays ?? null,
            tags: Object.fromEntries((s.Tags ?? []).filter((t) => t.Key).map((t) => [t.Key!, t.Value ?? ""])),
          });
        }
        count += batch.length;
        if (batch.length) await ctx.emit({ secrets: batch });
        await ctx.progress(count, count, `${count} secrets`);
      }
    } finally {
      c.destroy();
    }
    return { stats: { secrets: count } };
  },
});
