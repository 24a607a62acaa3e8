import { afterAll, describe, expect, it } from "vitest";
import { appendAudit, verifyAuditChain } from "@/lib/audit";
import { db } from "@/lib/db";
import { makeActor, withRollback } from "@/lib/testing/fixtures";

describe("audit chain", () => {
  afterAll(() => db.$disconnect());

  it("links each event to the previous one and detects an edited event", async () => {
    const { actor } = await makeActor("admin");
    for (let i = 0; i < 3; i++) {
      await db.$transaction((tx) => appendAudit(tx, actor, { action: "test.event", targetType: "test", targetId: String(i), after: { i } }));
    }
    expect((await verifyAuditChain()).ok).toBe(true);

    const last = await db.auditEvent.findFirst({ where: { action: "test.event" }, orderBy: { id: "desc" } });
    // Edited inside a transaction that is rolled back, so tests running at the same time in this
    // database never see the edit.
    await withRollback(async (tx) => {
      await tx.$executeRaw`UPDATE "AuditEvent" SET "actorLabel" = 'someone else' WHERE id = ${last!.id}`;
      const res = await verifyAuditChain({ client: tx });
      expect(res.ok).toBe(false);
      expect(res.brokenAt).toBe(last!.id);
    });
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("rolls the event back with the change when the transaction fails", async () => {
    const { actor } = await makeActor("admin");
    const before = await db.auditEvent.count();
    await expect(
      db.$transaction(async (tx) => {
        await appendAudit(tx, actor, { action: "test.rollback", targetType: "test" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.auditEvent.count({ where: { action: "test.rollback" } })).toBe(0);
    expect(await db.auditEvent.count()).toBeGreaterThanOrEqual(before);
  });
});
