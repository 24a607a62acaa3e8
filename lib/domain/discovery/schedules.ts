import "server-only";
import type { Queue } from "bullmq";
import { db } from "@/lib/db";
import { logError } from "@/lib/log";

// Each enabled connector with a cron schedule has one BullMQ job scheduler, "discovery:<id>".
// upsertJobScheduler is idempotent, so every worker replica may install them at start.

const schedulerId = (connectorId: string) => `discovery:${connectorId}`;

async function apply(q: Queue, c: { id: string; schedule: string | null; enabled: boolean } | null, id: string) {
  if (c && c.enabled && c.schedule) {
    await q.upsertJobScheduler(schedulerId(id), { pattern: c.schedule }, { name: "discovery.run", data: { connectorId: id }, opts: { attempts: 1 } });
  } else {
    await q.removeJobScheduler(schedulerId(id));
  }
}

/** Brings the connector's scheduler in line with its row (removed when deleted, disabled or unscheduled). */
export async function syncConnectorSchedule(connectorId: string, q?: Queue) {
  try {
    const queue = q ?? (await import("@/lib/jobs/queue")).queue();
    const c = await db.connector.findUnique({ where: { id: connectorId }, select: { id: true, schedule: true, enabled: true } });
    await apply(queue, c, connectorId);
  } catch (e) {
    // The worker re-installs every schedule when it starts; a Redis hiccup must not fail the edit.
    logError("discovery", e, { connectorId, what: "schedule sync" });
  }
}

/** Called by workers/schedules.ts at start. */
export async function installConnectorSchedules(q: Queue) {
  const rows = await db.connector.findMany({ where: { enabled: true, schedule: { not: null } }, select: { id: true, schedule: true, enabled: true } });
  for (const c of rows) await apply(q, c, c.id);
  return rows.length;
}
