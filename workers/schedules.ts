import type { Queue } from "bullmq";

/** Repeating jobs; upsertJobScheduler is idempotent, so every worker replica may call it. */
export async function installSchedules(q: Queue) {
  await q.upsertJobScheduler("nightly-hygiene", { pattern: process.env.HYGIENE_CRON ?? "0 2 * * *" }, {
    name: "inventory.hygiene",
    data: {},
  });
}
