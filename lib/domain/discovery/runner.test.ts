// Recording what connectors report, against the real database: two connectors that reach the same
// TLS endpoint at the same moment record its certificate once (the second refreshes it), never a
// unique-constraint failure (seen when two demo seeds ran at once).
import { describe, expect, it } from "vitest";
import { systemActor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { uid } from "@/lib/testing/fixtures";
import type { TDiscoveredCertificate } from "@/lib/connectors/types";
import { recordCertificates } from "./runner";

const sys = systemActor("test");

describe("recordCertificates", () => {
  it("records a certificate seen by two connectors at once exactly once", async () => {
    const [a, b] = await Promise.all(["a", "b"].map((x) => db.connector.create({ data: { kind: "tls", name: `tls-${x}-${uid()}` } })));
    const cert: TDiscoveredCertificate = {
      fingerprintSha256: uid().replace(/-/g, "").padEnd(64, "0").slice(0, 64),
      subject: "CN=api.example.test", sans: ["api.example.test"], issuer: "CN=Test CA", serial: "01",
      notBefore: "2026-01-01T00:00:00Z", notAfter: "2027-01-01T00:00:00Z", keyAlgorithm: "ECDSA P-256",
      selfSigned: false, isCa: false, chainIndex: 0, source: "endpoint", location: `api-${uid()}.example.test:443`,
    };
    for (let round = 0; round < 5; round++) {
      await Promise.all([recordCertificates(sys, a!.id, [cert]), recordCertificates(sys, b!.id, [cert])]);
    }
    const rows = await db.certificate.findMany({ where: { fingerprintSha256: cert.fingerprintSha256, location: cert.location } });
    expect(rows).toHaveLength(1);
    const events = await db.auditEvent.findMany({ where: { action: "discovery.certificates", targetId: { in: [a!.id, b!.id] } } });
    expect(events).toHaveLength(10);
    expect(events.reduce((n, e) => n + Number((e.after as { created: number }).created), 0)).toBe(1);
  });
});
