// The TLS connector against a real TLS server started here on loopback, with a certificate
// chain (a CA and a leaf it signed) made by openssl for this run.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "@/lib/domain/vault/testing";
import { db } from "@/lib/db";
import { makeConnector, runConnector } from "../testing";

const dir = mkdtempSync(path.join(os.tmpdir(), "kw-tls-"));
let server: tls.Server;
let port = 0;

function openssl(...args: string[]) {
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
}

beforeAll(async () => {
  openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "30", "-subj", "/CN=Keyward Test CA/O=Keyward");
  openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "leaf.key");
  openssl("req", "-new", "-key", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=api.keyward.test");
  require("node:fs").writeFileSync(path.join(dir, "ext.cnf"), "subjectAltName=DNS:api.keyward.test,DNS:localhost,IP:127.0.0.1\n");
  openssl("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "leaf.pem", "-days", "10", "-extfile", "ext.cnf");
  const leaf = readFileSync(path.join(dir, "leaf.pem"), "utf8");
  const ca = readFileSync(path.join(dir, "ca.pem"), "utf8");
  server = tls.createServer({ key: readFileSync(path.join(dir, "leaf.key")), cert: leaf + ca }, (s) => s.end());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
  await db.$disconnect();
});

describe("tls connector", () => {
  it("records each certificate of the chain: subject, SANs, issuer, serial, validity, key algorithm", async () => {
    const endpoint = `127.0.0.1:${port}`;
    const c = await makeConnector({ kind: "tls", config: { endpoints: [endpoint, "127.0.0.1:1"], timeoutMs: 2000 } });
    const { run } = await runConnector(c.id);
    expect(run.status).toBe("succeeded");
    expect(run.stats).toMatchObject({ certificates: 2, endpoints: 2, reached: 1 });
    expect(run.errors.join()).toMatch(/127\.0\.0\.1:1/);
    const certs = await db.certificate.findMany({ where: { location: endpoint }, orderBy: { chainIndex: "asc" } });
    expect(certs).toHaveLength(2);
    const [leaf, ca] = certs;
    expect(leaf).toMatchObject({ chainIndex: 0, source: "endpoint", keyAlgorithm: "EC prime256v1", selfSigned: false, isCa: false, connectorId: c.id });
    expect(leaf!.subject).toContain("CN=api.keyward.test");
    expect(leaf!.issuer).toContain("CN=Keyward Test CA");
    expect(leaf!.sans).toEqual(["DNS:api.keyward.test", "DNS:localhost", "IP Address:127.0.0.1"]);
    expect(leaf!.notAfter.getTime() - leaf!.notBefore.getTime()).toBeGreaterThan(9 * 86_400_000);
    expect(leaf!.serial).toMatch(/^[0-9a-f]+$/);
    const expected = new (require("node:crypto").X509Certificate)(readFileSync(path.join(dir, "leaf.pem")));
    expect(leaf!.fingerprintSha256).toBe(expected.fingerprint256.replace(/:/g, "").toLowerCase());
    expect(ca).toMatchObject({ chainIndex: 1, keyAlgorithm: "RSA 2048", selfSigned: true, isCa: true });

    // A second run updates, never duplicates.
    await runConnector(c.id);
    expect(await db.certificate.count({ where: { location: endpoint } })).toBe(2);
  });

  it("fails the run when no endpoint answers", async () => {
    const c = await makeConnector({ kind: "tls", config: { endpoints: ["127.0.0.1:1"], timeoutMs: 1000 } });
    const { jobRun, connector } = await runConnector(c.id, { expectFailure: true });
    expect(jobRun.status).toBe("failed");
    expect(connector.lastError).toMatch(/no endpoint answered/);
  });
});
