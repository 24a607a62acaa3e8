import { describe, expect, it } from "vitest";
import "./testing";
import { AuditGroup, setAuditGroup } from "@/lib/audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { uid } from "@/lib/testing/fixtures";
import { authenticateWorkloadToken } from "./identities";
import { putSecretValue, readSecretValue } from "./service";
import { makeWorkload } from "./testing";

// Value reads are audited through the grouped writer: concurrent reads each get their own
// event, and a read whose event cannot be written is refused (fail closed).

describe("value reads and grouped audit", () => {
  it("records one event per concurrent read", async () => {
    const { team, token } = await makeWorkload([{ path: "prod/+/grp/*", capabilities: ["read", "create", "update"], effect: "allow" }]);
    const { actor } = await authenticateWorkloadToken(token);
    const path = `prod/${team.slug}/grp/k`;
    const { secretId } = await putSecretValue(actor, { path, value: "v-" + uid() });
    const reads = await Promise.all(Array.from({ length: 50 }, () => readSecretValue(actor, { path })));
    expect(reads.every((r) => !r.notModified && r.version === 1)).toBe(true);
    expect(await db.auditEvent.count({ where: { action: "secret.value_read", targetId: secretId } })).toBe(50);
  });

  it("refuses the read when its audit event cannot be written", async () => {
    const { team, token } = await makeWorkload([{ path: "prod/+/grp/*", capabilities: ["read", "create", "update"], effect: "allow" }]);
    const { actor } = await authenticateWorkloadToken(token);
    const path = `prod/${team.slug}/grp/closed`;
    const canary = "canary-fail-closed-" + uid();
    const { secretId } = await putSecretValue(actor, { path, value: canary });
    setAuditGroup(new AuditGroup(() => ({ connect: () => Promise.reject(new Error("audit store down")) })));
    let caught: unknown;
    try {
      await readSecretValue(actor, { path });
    } catch (e) {
      caught = e;
    } finally {
      setAuditGroup(null);
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).status).toBe(500);
    expect((caught as AppError).message).toMatch(/could not be audited/);
    expect(JSON.stringify(caught) + String(caught)).not.toContain(canary);
    expect(await db.auditEvent.count({ where: { action: "secret.value_read", targetId: secretId } })).toBe(0);
    // Back to normal afterwards.
    const ok = await readSecretValue(actor, { path });
    expect(!ok.notModified && ok.value).toBe(canary);
  });
});
