import { afterAll, describe, expect, it, vi } from "vitest";
import { Worker } from "bullmq";
import { db } from "@/lib/db";
import { processJob } from "@/lib/jobs/processor";
import { QUEUE_NAME, QUEUE_PREFIX, queue } from "@/lib/jobs/queue";
import { createRedis, redis } from "@/lib/redis";
import { makeActor, makeBackend, makeTeam, uid } from "@/lib/testing/fixtures";
import { listJobRuns, requestHygieneRun } from "./hygiene";

// A queue of its own: other test files enqueue jobs (discovery, key rotation) that this
// worker must not have to chew through first.
vi.hoisted(() => {
  process.env.KEYWARD_QUEUE_PREFIX = `{keyward-hygiene-test-${process.pid}-${Date.now()}}`;
});

const day = 86_400_000;

describe("the jobs page's runs", () => {
  it("are the newest of each kind, newest first: a job that runs hourly does not push a nightly one off the page", async () => {
    // Kinds of their own, so runs other test files start never mix in.
    const [hourly, nightly] = [`test.hourly-${uid()}`, `test.nightly-${uid()}`];
    const now = Date.now();
    const hoursAgo = (h: number) => new Date(now - h * 3_600_000);
    const lastNight = await db.jobRun.create({ data: { kind: nightly, status: "succeeded", createdAt: hoursAgo(20) } });
    const nightBefore = await db.jobRun.create({ data: { kind: nightly, status: "failed", createdAt: hoursAgo(44) } });
    await db.jobRun.createMany({ data: Array.from({ length: 30 }, (_, h) => ({ kind: hourly, status: "succeeded" as const, createdAt: hoursAgo(h) })) });

    const { actor } = await makeActor("security");
    const runs = await listJobRuns(actor, [hourly, nightly], 10);
    expect(runs.map((r) => r.kind)).toEqual([...Array(10).fill(hourly), nightly, nightly]);
    expect(runs.slice(-2).map((r) => r.id)).toEqual([lastNight.id, nightBefore.id]);
    // The ten newest hourly runs: those of the last ten hours, newest first.
    expect(runs.slice(0, 10).map((r) => r.createdAt)).toEqual(Array.from({ length: 10 }, (_, h) => hoursAgo(h)));

    const { actor: developer } = await makeActor("developer");
    await expect(listJobRuns(developer, [hourly])).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("hygiene job through a real BullMQ queue", () => {
  const worker = new Worker(QUEUE_NAME, processJob, { connection: createRedis({ maxRetriesPerRequest: null }), prefix: QUEUE_PREFIX });
  afterAll(async () => {
    await worker.close();
    await queue().obliterate({ force: true });
    await queue().close();
    redis().disconnect();
    await db.$disconnect();
  });

  it("flags unowned, overdue and expired secrets and reports progress", async () => {
    const team = await makeTeam();
    const backend = await makeBackend("git");
    const mk = (name: string, extra: object) =>
      db.secret.create({ data: { name, path: `prod/x/${uid()}/${name}`, type: "password", environment: "prod", classification: "standard", backendId: backend.id, ...extra } });
    const unowned = await mk("unowned", {});
    const overdue = await mk("overdue", { ownerTeamId: team.id, rotationPeriodDays: 30, rotationDueAt: new Date(Date.now() - day) });
    const expired = await mk("expired", { ownerTeamId: team.id, expiresAt: new Date(Date.now() - day) });
    const healthy = await mk("healthy", { ownerTeamId: team.id, rotationPeriodDays: 30, rotationDueAt: new Date(Date.now() + 10 * day) });

    const { actor } = await makeActor("security");
    const run = await requestHygieneRun(actor);
    let status = "";
    for (let i = 0; i < 600 && !["succeeded", "failed"].includes(status); i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await db.jobRun.findUniqueOrThrow({ where: { id: run.id } })).status;
    }
    const done = await db.jobRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(done.status).toBe("succeeded");
    expect(done.progress).toBe(done.total);
    expect(done.total).toBeGreaterThanOrEqual(4);

    const flags = async (id: string) => (await db.secret.findUniqueOrThrow({ where: { id } })).hygieneFlags;
    expect(await flags(unowned.id)).toContain("unowned");
    expect(await flags(overdue.id)).toEqual(["rotation_overdue"]);
    expect(await flags(expired.id)).toEqual(["expired"]);
    expect(await flags(healthy.id)).toEqual([]);
    expect(await db.auditEvent.count({ where: { action: "inventory.hygiene.requested", targetId: run.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "inventory.hygiene.completed", targetId: run.id } })).toBe(1);
  });

  it("refuses roles that may not run it", async () => {
    const { actor } = await makeActor("developer");
    await expect(requestHygieneRun(actor)).rejects.toMatchObject({ code: "forbidden" });
  });
});
