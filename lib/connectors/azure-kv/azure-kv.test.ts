// Azure Key Vault through the official SDK (@azure/keyvault-secrets), against a local HTTPS
// endpoint started here (self-signed certificate made by openssl, trusted through the
// connector's caCertificate) that answers like Key Vault: a 401 bearer challenge first, then
// the documented list shape in two pages; and a local Entra ID token endpoint. No Azure
// service runs here; the SDK's challenge handling, paging and parsing are the real ones.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "@/lib/domain/vault/testing";
import { db } from "@/lib/db";
import { makeConnector, runConnector } from "../testing";

const dir = mkdtempSync(path.join(os.tmpdir(), "kw-azure-"));
let vault: https.Server;
let login: http.Server;
let vaultUrl = "";
let authority = "";
let ca = "";
const seen = { tokenRequests: 0, unauthenticated: 0, authorized: 0, scope: "", clientId: "" };

beforeAll(async () => {
  writeFileSync(path.join(dir, "san.cnf"), "[req]\ndistinguished_name=dn\n[dn]\n[ext]\nsubjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=critical,CA:TRUE\n");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/CN=localhost", "-config", "san.cnf", "-extensions", "ext"], { cwd: dir, stdio: "pipe" });
  ca = readFileSync(path.join(dir, "cert.pem"), "utf8");
  login = http.createServer(async (req, res) => {
    let raw = "";
    for await (const c of req) raw += c;
    const form = new URLSearchParams(raw);
    seen.tokenRequests++;
    seen.scope = form.get("scope") ?? "";
    seen.clientId = form.get("client_id") ?? "";
    const ok = req.url === "/tenant-123/oauth2/v2.0/token" && form.get("grant_type") === "client_credentials" && form.get("client_secret") === "sp-secret";
    res.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
    res.end(JSON.stringify(ok ? { token_type: "Bearer", expires_in: 3599, access_token: "aad-access-token" } : { error: "invalid_client" }));
  });
  await new Promise<void>((r) => login.listen(0, "127.0.0.1", r));
  authority = `http://127.0.0.1:${(login.address() as AddressInfo).port}`;
  vault = https.createServer({ key: readFileSync(path.join(dir, "key.pem")), cert: ca }, (req, res) => {
    const u = new URL(req.url ?? "/", vaultUrl);
    if (req.headers.authorization !== "Bearer aad-access-token") {
      seen.unauthenticated++;
      res.writeHead(401, { "content-type": "application/json", "www-authenticate": `Bearer authorization="${authority}/tenant-123", resource="https://vault.azure.net"` });
      return res.end(JSON.stringify({ error: { code: "Unauthorized", message: "AKV10000: Request is missing a Bearer or PoP token." } }));
    }
    seen.authorized++;
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
    if (u.pathname === "/secrets" && !u.searchParams.get("$skiptoken")) {
      return res.end(JSON.stringify({
        value: [
          { id: `${vaultUrl}/secrets/db-password`, attributes: { enabled: true, created: 1735689600, updated: 1767225600, exp: 1893456000, recoveryLevel: "Recoverable+Purgeable" }, tags: { team: "payments" }, contentType: "text/plain" },
          { id: `${vaultUrl}/secrets/tls-cert`, managed: true, attributes: { enabled: true, created: 1735689600, updated: 1735689600 } },
        ],
        nextLink: `${vaultUrl}/secrets?api-version=${u.searchParams.get("api-version")}&$skiptoken=p2`,
      }));
    }
    if (u.pathname === "/secrets") {
      return res.end(JSON.stringify({ value: [{ id: `${vaultUrl}/secrets/legacy-api-key`, attributes: { enabled: false, created: 1700000000, updated: 1700000000 } }], nextLink: null }));
    }
    res.end(JSON.stringify({ value: [] }));
  });
  await new Promise<void>((r) => vault.listen(0, "127.0.0.1", r));
  vaultUrl = `https://localhost:${(vault.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => vault.close(() => r()));
  await new Promise<void>((r) => login.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
  await db.$disconnect();
});

describe("azure-kv connector (official SDK, local endpoints)", () => {
  it("answers the bearer challenge, pages through the list, records secrets (not certificate-backed ones)", async () => {
    const c = await makeConnector({
      kind: "azure-kv",
      config: { vaultUrl, tenantId: "tenant-123", authorityHost: authority, caCertificate: ca, disableChallengeResourceVerification: true },
      credentials: { clientId: "app-client-id", clientSecret: "sp-secret" },
    });
    const { run, connector } = await runConnector(c.id);
    expect(run.status).toBe("succeeded");
    expect(seen.unauthenticated).toBeGreaterThanOrEqual(1);
    expect(seen.tokenRequests).toBe(1);
    expect(seen.scope).toBe("https://vault.azure.net/.default");
    expect(seen.clientId).toBe("app-client-id");
    expect(run.stats).toMatchObject({ secrets: 2, secretsCreated: 2 });
    const rows = await db.secret.findMany({ where: { backendId: connector.backendId! }, orderBy: { name: "asc" } });
    expect(rows.map((r) => r.name)).toEqual(["db-password", "legacy-api-key"]);
    const db1 = rows[0]!;
    expect(db1.externalRef).toBe(`${vaultUrl}/secrets/db-password`);
    expect(db1.expiresAt?.toISOString()).toBe("2030-01-01T00:00:00.000Z");
    expect(db1.lastRotatedAt?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(db1.tags).toEqual(expect.arrayContaining(["team:payments", "contentType:text/plain"]));
    expect(rows[1]!.description).toMatch(/disabled/);
  });

  it("a wrong client secret fails the run with the token endpoint's error", async () => {
    const c = await makeConnector({
      kind: "azure-kv",
      config: { vaultUrl, tenantId: "tenant-123", authorityHost: authority, caCertificate: ca, disableChallengeResourceVerification: true },
      credentials: { clientId: "app-client-id", clientSecret: "wrong" },
    });
    const { jobRun, connector } = await runConnector(c.id, { expectFailure: true });
    expect(jobRun.status).toBe("failed");
    expect(connector.lastError).toMatch(/invalid_client/);
  });
});
