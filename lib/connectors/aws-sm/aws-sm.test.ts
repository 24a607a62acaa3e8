// AWS Secrets Manager through the official SDK, against a local HTTP endpoint started here that
// answers ListSecrets (JSON 1.1 protocol) with the response shape AWS documents, in two pages.
// No AWS service runs here; the SDK, its request signing and pagination are the real ones.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "@/lib/domain/vault/testing";
import { db } from "@/lib/db";
import { makeTeam } from "@/lib/testing/fixtures";
import { makeConnector, runConnector } from "../testing";

const requests: { target: string; auth: string; body: Record<string, unknown> }[] = [];
let server: http.Server;
let url = "";

const page1 = {
  SecretList: [
    {
      ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/payments/stripe-AbCdEf",
      Name: "prod/payments/stripe",
      Description: "Stripe live key",
      RotationEnabled: true,
      RotationLambdaARN: "arn:aws:lambda:eu-west-1:123456789012:function:rotate",
      RotationRules: { AutomaticallyAfterDays: 30 },
      LastRotatedDate: 1767225600, // 2026-01-01
      LastChangedDate: 1767225600,
      LastAccessedDate: 1769904000,
      CreatedDate: 1735689600,
      Tags: [{ Key: "team", Value: "payments" }, { Key: "env", Value: "prod" }],
      SecretVersionsToStages: { "v-1": ["AWSCURRENT"] },
    },
  ],
  NextToken: "page-2",
};
const page2 = {
  SecretList: [
    { ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:legacy/db-XyZ123", Name: "legacy/db", RotationEnabled: false, LastChangedDate: 1700000000, CreatedDate: 1690000000 },
    { ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:old-Gone00", Name: "old", DeletedDate: 1760000000, CreatedDate: 1690000000 },
  ],
};

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    let raw = "";
    for await (const c of req) raw += c;
    const body = JSON.parse(raw || "{}");
    requests.push({ target: String(req.headers["x-amz-target"]), auth: String(req.headers.authorization ?? ""), body });
    if (req.headers["x-amz-target"] !== "secretsmanager.ListSecrets") {
      res.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
      return res.end(JSON.stringify({ __type: "InvalidRequestException", message: "unsupported" }));
    }
    res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
    res.end(JSON.stringify(body.NextToken === "page-2" ? page2 : page1));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await db.$disconnect();
});

describe("aws-sm connector (official SDK, local endpoint)", () => {
  it("lists every page into the inventory: ARN, rotation settings, last rotated, tags; skips deleted secrets", async () => {
    const team = await makeTeam();
    const c = await makeConnector({
      kind: "aws-sm",
      config: { region: "eu-west-1", endpoint: url },
      credentials: { accessKeyId: "AKIAEXAMPLEEXAMPLE12", secretAccessKey: "test-secret-access-key" },
      ownerTeamId: team.id,
    });
    const { run, connector } = await runConnector(c.id);
    expect(run.status).toBe("succeeded");
    expect(run.stats).toMatchObject({ secrets: 2, secretsCreated: 2 });
    expect(requests.map((r) => r.body.NextToken ?? null)).toEqual([null, "page-2"]);
    expect(requests[0]!.auth).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEEXAMPLE12\/\d{8}\/eu-west-1\/secretsmanager\/aws4_request/);
    const backend = await db.backend.findUniqueOrThrow({ where: { id: connector.backendId! } });
    expect(backend.kind).toBe("aws_sm");
    const rows = await db.secret.findMany({ where: { backendId: backend.id }, orderBy: { name: "asc" } });
    expect(rows.map((r) => r.name)).toEqual(["db", "stripe"]);
    const stripe = rows.find((r) => r.name === "stripe")!;
    expect(stripe).toMatchObject({ externalRef: page1.SecretList[0]!.ARN, rotationPeriodDays: 30, vaulted: true, ownerTeamId: team.id, description: "Stripe live key" });
    expect(stripe.lastRotatedAt?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(stripe.tags).toEqual(expect.arrayContaining(["team:payments", "env:prod", "discovered"]));
    expect(rows.find((r) => r.name === "db")!.rotationPeriodDays).toBeNull();
  });
});
