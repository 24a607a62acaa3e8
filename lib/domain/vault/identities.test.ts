import { describe, expect, it } from "vitest";
import { systemActor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { createWorkloadIdentity } from "./identities";
import { makeApp } from "./testing";

describe("workload identities", () => {
  it("refuses a second identity of one application for one environment as a conflict, and records none", async () => {
    const { app } = await makeApp();
    const admin = systemActor("test");
    const input = { applicationId: app.id, environment: "prod", tokenTtlSeconds: 3600, tokenMaxTtlSeconds: 86_400 };
    const first = await createWorkloadIdentity(admin, input);
    await expect(createWorkloadIdentity(admin, input)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("already has an identity") });
    expect(await db.workloadIdentity.count({ where: { applicationId: app.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "workload_identity.create", after: { path: ["applicationId"], equals: app.id } } })).toBe(1);
    expect(first.clientSecret).toBeTruthy();
  });
});
