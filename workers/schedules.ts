import type { Queue } from "bullmq";
import { installConnectorSchedules } from "@/lib/domain/discovery/schedules";

/** Repeating jobs; upsertJobScheduler is idempotent, so every worker replica may call it. */
export async function installSchedules(q: Queue) {
  await q.upsertJobScheduler("nightly-hygiene", { pattern: process.env.HYGIENE_CRON ?? "0 2 * * *" }, {
    name: "inventory.hygiene",
    data: {},
  });
  // Soft-deleted vault versions past their recovery window are destroyed once a day.
  await q.upsertJobScheduler("daily-vault-purge", { pattern: process.env.VAULT_PURGE_CRON ?? "30 3 * * *" }, {
    name: "vault.purge",
    data: {},
  });
  // One scheduler per enabled connector with a cron schedule ("discovery:<id>").
  await installConnectorSchedules(q);
}
