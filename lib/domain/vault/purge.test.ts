import { afterAll, describe, expect, it, vi } from "vitest";
import { Worker } from "bullmq";
import pg from "pg";
import "./testing";
import { systemActor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { processJob } from "@/lib/jobs/processor";
import { QUEUE_NAME, QUEUE_PREFIX, queue } from "@/lib/jobs/queue";
import { createRedis, redis } from "@/lib/redis";
import { makeTeam } from "@/lib/testing/fixtures";
import { purgeExpiredVersions } from "./purge";
import { putSecretValue, readSecretValue, recoverVersions, recoveryDays, softDeleteVersions } from "./service";

// The daily purge against the real database: versions deleted longer ago than the recovery
// window are crypto-erased with one audit event each; recent deletions and live versions stay.

vi.hoisted(() => {
  process.env.KEYWARD_QUEUE_PREFIX = `{keyward-purge-test-${process.pid}-${Date.now()}}`;
});

const admin = systemActor("test");
const day = 86_400_000;

/** A secret with `n` versions; returns its id and path. */
async function secretWith(n: number) {
  const team = await makeTeam();
  const path = `prod/${team.slug}/purge/key`;
  let secretId = "";
  for (let i = 1; i <= n; i++) secretId = (await putSecretValue(admin, { path, value: `purge-value-${i}-${team.slug}` })).secretId;
  return { secretId, path };
}

const version = (secretId: string, v: number) => db.secretVersion.findUniqueOrThrow({ where: { secretId_version: { secretId, version: v } } });
const deletedDaysAgo = (secretId: string, v: number, days: number) =>
  db.secretVersion.update({ where: { secretId_version: { secretId, version: v } }, data: { deletedAt: new Date(Date.now() - days * day) } });

describe("vault purge after the recovery window", () => {
  it("destroys versions deleted longer ago than the window, one audit event each; recent deletions and live versions stay", async () => {
    expect(recoveryDays()).toBe(30);
    const a = await secretWith(3);
    await softDeleteVersions(admin, { secretId: a.secretId, versions: [1, 2] });
    await deletedDaysAgo(a.secretId, 1, 31); // past the window
    await deletedDaysAgo(a.secretId, 2, 29); // still recoverable
    const b = await secretWith(1);
    await softDeleteVersions(admin, { secretId: b.secretId, versions: [1] });
    await deletedDaysAgo(b.secretId, 1, 45);

    const steps: Array<[number, number]> = [];
    const out = await purgeExpiredVersions({}, { progress: async (d, t) => void steps.push([d, t]) });
    expect(out.destroyed).toBeGreaterThanOrEqual(2);

    for (const [secretId, v] of [[a.secretId, 1], [b.secretId, 1]] as const) {
      const row = await version(secretId, v);
      expect(row.destroyedAt).not.toBeNull();
      expect([row.ciphertext, row.nonce, row.wrappedKey]).toEqual([null, null, null]);
      const events = await db.auditEvent.findMany({ where: { action: "secret.value_purge", targetId: secretId } });
      expect(events.map((e) => (e.after as { version: number }).version)).toEqual([v]);
      expect(events[0].actorLabel).toBe("vault-purge");
      expect(JSON.stringify(events[0].after)).not.toContain("purge-value");
    }
    // Deleted 29 days ago: untouched and still recoverable; the live version still reads.
    const recent = await version(a.secretId, 2);
    expect(recent.destroyedAt).toBeNull();
    expect(recent.ciphertext).not.toBeNull();
    expect(await db.auditEvent.count({ where: { action: "secret.value_purge", targetId: a.secretId } })).toBe(1);
    await recoverVersions(admin, { secretId: a.secretId, versions: [2] });
    const r = await readSecretValue(admin, { secretId: a.secretId, version: 2 });
    expect(!r.notModified && r.value).toMatch(/^purge-value-2-/);
    expect((await version(a.secretId, 3)).destroyedAt).toBeNull();

    // Its own JobRun (started without one, as the scheduler does), finished with the count.
    const run = await db.jobRun.findFirstOrThrow({ where: { kind: "vault.purge" }, orderBy: { createdAt: "desc" } });
    expect(run.status).toBe("succeeded");
    expect(run.progress).toBe(run.total);
    expect(run.progress).toBe(out.destroyed);
    expect(await db.auditEvent.count({ where: { action: "vault.purge.completed", targetId: run.id } })).toBe(1);
    // A second run finds nothing more to do.
    expect((await purgeExpiredVersions({}, { progress: async () => {} })).destroyed).toBe(0);
  });

  it("leaves a version another transaction holds locked (a recover or destroy under way) and purges it on the next run", async () => {
    const a = await secretWith(3);
    await softDeleteVersions(admin, { secretId: a.secretId, versions: [1, 2] });
    await deletedDaysAgo(a.secretId, 1, 40);
    await deletedDaysAgo(a.secretId, 2, 40);
    const held = await version(a.secretId, 1);
    const purgeEvents = async () =>
      (await db.auditEvent.findMany({ where: { action: "secret.value_purge", targetId: a.secretId } })).map((e) => (e.after as { version: number }).version).sort();

    // A second connection holds the row lock in an open transaction, as a recover's UPDATE does.
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query(`SELECT id FROM "SecretVersion" WHERE id = $1::uuid FOR UPDATE`, [held.id]);

      // The purge must not wait for the lock: if it did, it would never finish while we hold it.
      const run = purgeExpiredVersions({}, { progress: async () => {} });
      const first = await Promise.race([run, new Promise<"blocked">((r) => setTimeout(() => r("blocked"), 20_000))]);
      if (first === "blocked") {
        await other.query("ROLLBACK");
        await run;
      }
      expect(first).not.toBe("blocked");

      const untouched = await version(a.secretId, 1);
      expect(untouched.destroyedAt).toBeNull();
      expect(untouched.ciphertext).not.toBeNull();
      expect(untouched.wrappedKey).not.toBeNull();
      expect((await version(a.secretId, 2)).destroyedAt).not.toBeNull();
      expect(await purgeEvents()).toEqual([2]);

      await other.query("COMMIT");
    } finally {
      await other.end();
    }

    // Released: the next run sees it again and purges it.
    expect((await purgeExpiredVersions({}, { progress: async () => {} })).destroyed).toBeGreaterThanOrEqual(1);
    const purged = await version(a.secretId, 1);
    expect(purged.destroyedAt).not.toBeNull();
    expect([purged.ciphertext, purged.nonce, purged.wrappedKey]).toEqual([null, null, null]);
    expect(await purgeEvents()).toEqual([1, 2]);
    expect((await version(a.secretId, 3)).destroyedAt).toBeNull();
  });

  it("runs as the scheduled vault.purge job through a real BullMQ queue and shows as a job run", async () => {
    const worker = new Worker(QUEUE_NAME, processJob, { connection: createRedis({ maxRetriesPerRequest: null }), prefix: QUEUE_PREFIX });
    try {
      const s = await secretWith(2);
      await softDeleteVersions(admin, { secretId: s.secretId, versions: [1] });
      await deletedDaysAgo(s.secretId, 1, 30.5);
      const started = new Date();
      // The scheduler's payload: no JobRun id, the job records its own.
      await queue().add("vault.purge", {});
      let destroyed: Date | null = null;
      for (let i = 0; i < 600 && !destroyed; i++) {
        await new Promise((r) => setTimeout(r, 100));
        destroyed = (await version(s.secretId, 1)).destroyedAt;
      }
      expect(destroyed).not.toBeNull();
      let run = null;
      for (let i = 0; i < 100 && run?.status !== "succeeded"; i++) {
        run = await db.jobRun.findFirst({ where: { kind: "vault.purge", createdAt: { gte: started } }, orderBy: { createdAt: "desc" } });
        if (run?.status !== "succeeded") await new Promise((r) => setTimeout(r, 100));
      }
      expect(run?.status).toBe("succeeded");
      expect((run?.result as { destroyed: number }).destroyed).toBeGreaterThanOrEqual(1);
      expect(await db.auditEvent.count({ where: { action: "secret.value_purge", targetId: s.secretId } })).toBe(1);
      expect((await version(s.secretId, 2)).destroyedAt).toBeNull();
    } finally {
      await worker.close();
    }
  });

  afterAll(async () => {
    await queue().obliterate({ force: true });
    await queue().close();
    redis().disconnect();
    await db.$disconnect();
  });
});
