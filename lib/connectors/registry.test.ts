// The registry: one entry per kind in the schemas' list, each with the one interface, and form
// schemas the console can draw (JSON Schema from each zod configSchema).
import { describe, expect, it } from "vitest";
import { connectorKinds } from "@/lib/domain/discovery/schemas";
import { connectorCatalog, connectorLabel, connectors } from "./registry";

describe("connector registry", () => {
  it("has exactly the kinds the schemas list, each with the Connector interface", () => {
    expect(Object.keys(connectors).sort()).toEqual([...connectorKinds].sort());
    for (const [kind, c] of Object.entries(connectors)) {
      expect(c.id).toBe(kind);
      expect(typeof c.test).toBe("function");
      expect(typeof c.discover).toBe("function");
      expect(c.capabilities.length).toBeGreaterThan(0);
      // Strict: unknown settings are refused, so a credential typed into config fails loudly.
      expect(c.configSchema.safeParse({ password: "x" }).success).toBe(false);
    }
  });

  it("describes every kind's settings and credentials as JSON Schema for the console's forms", () => {
    const catalog = connectorCatalog();
    expect(catalog.map((c) => c.kind)).toEqual(Object.keys(connectors));
    for (const entry of catalog) {
      expect(entry.config?.type).toBe("object");
      expect(Object.keys((entry.config?.properties as object) ?? {}).length).toBeGreaterThan(0);
    }
    const git = catalog.find((c) => c.kind === "git")!;
    expect((git.credentials?.properties as Record<string, unknown>).token).toBeDefined();
    expect(catalog.find((c) => c.kind === "filesystem")!.credentials).toBeNull();
    const tls = catalog.find((c) => c.kind === "tls")!;
    expect((tls.config?.properties as Record<string, { type?: string }>).endpoints!.type).toBe("array");
  });

  it("gives each kind a human label for the console", () => {
    expect(connectorLabel("aws-sm")).toBe("AWS Secrets Manager");
    expect(connectorLabel("filesystem")).toBe("File system");
    for (const kind of connectorKinds) expect(connectorLabel(kind)).not.toBe(kind);
    expect(connectorLabel("unknown-kind")).toBe("unknown-kind");
  });
});
