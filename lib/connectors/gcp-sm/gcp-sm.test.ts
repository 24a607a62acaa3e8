// GCP Secret Manager through the official SDK (@google-cloud/secret-manager, REST transport),
// against a local HTTP endpoint started here that answers secrets.list and versions.list with
// the documented JSON shapes, and a local OAuth token endpoint that verifies the service
// account's signed JWT. No Google service runs here; the SDK's REST encoding, paging and
// decoding are the real ones.
import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { importSPKI, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "@/lib/domain/vault/testing";
import { db } from "@/lib/db";
import { makeConnector, runConnector } from "../testing";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
let server: http.Server;
let port = 0;
const seen = { tokens: 0, listCalls: [] as string[], authHeaders: new Set<string>() };

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    let raw = "";
    for await (const c of req) raw += c;
    const u = new URL(req.url ?? "/", "http://local");
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (u.pathname === "/token") {
      const form = new URLSearchParams(raw);
      try {
        const { payload } = await jwtVerify(form.get("assertion") ?? "", await importSPKI(publicKey, "RS256"), { audience: `http://127.0.0.1:${port}/token`, issuer: "discovery@my-project-123.iam.gserviceaccount.com" });
        if (payload.scope !== "https://www.googleapis.com/auth/cloud-platform") throw new Error("scope");
      } catch {
        return json(400, { error: "invalid_grant" });
      }
      seen.tokens++;
      return json(200, { access_token: "ya29.local-token", expires_in: 3599, token_type: "Bearer" });
    }
    seen.authHeaders.add(String(req.headers.authorization));
    if (req.headers.authorization !== "Bearer ya29.local-token") return json(401, { error: { code: 401, message: "Request had invalid authentication credentials.", status: "UNAUTHENTICATED" } });
    if (u.pathname === "/v1/projects/my-project-123/secrets") {
      seen.listCalls.push(u.searchParams.get("pageToken") ?? "");
      if (!u.searchParams.get("pageToken")) {
        return json(200, {
          secrets: [
            {
              name: "projects/my-project-123/secrets/stripe-key",
              replication: { automatic: {} },
              createTime: "2025-01-01T00:00:00.000000Z",
              labels: { team: "payments", env: "prod" },
              rotation: { nextRotationTime: "2026-12-01T00:00:00Z", rotationPeriod: "2592000s" },
              etag: "\"1\"",
            },
          ],
          nextPageToken: "p2",
          totalSize: 2,
        });
      }
      return json(200, { secrets: [{ name: "projects/my-project-123/secrets/legacy", createTime: "2024-05-05T00:00:00Z", expireTime: "2027-01-01T00:00:00Z" }], totalSize: 2 });
    }
    const m = /^\/v1\/(projects\/my-project-123\/secrets\/[^/]+)\/versions$/.exec(u.pathname);
    if (m) {
      const created = m[1]!.endsWith("stripe-key") ? "2026-02-01T12:00:00Z" : "2024-05-05T00:00:00Z";
      return json(200, { versions: [{ name: `${m[1]}/versions/3`, createTime: created, state: "ENABLED" }], nextPageToken: "more", totalSize: 3 });
    }
    json(404, { error: { code: 404, message: "not found", status: "NOT_FOUND" } });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await db.$disconnect();
});

const key = () =>
  JSON.stringify({
    type: "service_account",
    project_id: "my-project-123",
    private_key_id: "kid-1",
    private_key: privateKey,
    client_email: "discovery@my-project-123.iam.gserviceaccount.com",
    token_uri: `http://127.0.0.1:${port}/token`,
  });

describe("gcp-sm connector (official SDK, local endpoint)", () => {
  it("exchanges a signed JWT for a token, pages through secrets, records labels, rotation, expiry and last version", async () => {
    const c = await makeConnector({
      kind: "gcp-sm",
      config: { projectId: "my-project-123", apiEndpoint: "127.0.0.1", port, protocol: "http", environment: "staging" },
      credentials: { serviceAccountJson: key() },
    });
    const { run, connector } = await runConnector(c.id);
    expect(run.status).toBe("succeeded");
    expect(seen.tokens).toBe(1);
    expect(seen.listCalls).toEqual(["", "p2"]);
    expect([...seen.authHeaders]).toEqual(["Bearer ya29.local-token"]);
    expect(run.stats).toMatchObject({ secrets: 2, secretsCreated: 2 });
    const backend = await db.backend.findUniqueOrThrow({ where: { id: connector.backendId! } });
    expect(backend.kind).toBe("gcp_sm");
    const rows = await db.secret.findMany({ where: { backendId: backend.id }, orderBy: { name: "asc" } });
    expect(rows.map((r) => r.name)).toEqual(["legacy", "stripe-key"]);
    const stripe = rows[1]!;
    expect(stripe).toMatchObject({ externalRef: "projects/my-project-123/secrets/stripe-key", rotationPeriodDays: 30, environment: "staging" });
    expect(stripe.lastRotatedAt?.toISOString()).toBe("2026-02-01T12:00:00.000Z");
    expect(stripe.tags).toEqual(expect.arrayContaining(["team:payments", "env:prod"]));
    expect(rows[0]!.expiresAt?.toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });

  it("an invalid key fails the run", async () => {
    const c = await makeConnector({
      kind: "gcp-sm",
      config: { projectId: "my-project-123", apiEndpoint: "127.0.0.1", port, protocol: "http" },
      credentials: { serviceAccountJson: key().replace("discovery@", "intruder@") },
    });
    const { jobRun, connector } = await runConnector(c.id, { expectFailure: true });
    expect(jobRun.status).toBe("failed");
    expect(connector.lastError).toMatch(/invalid_grant|token request failed/);
  });
});
