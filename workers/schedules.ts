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
  // The audit chain: hourly from the newest checkpoint, weekly from the first event, which also
  // finds an edit of an event an earlier check already passed.
  await q.upsertJobScheduler("hourly-audit-verify", { pattern: process.env.AUDIT_VERIFY_CRON ?? "15 * * * *" }, {
    name: "audit.verify",
    data: { mode: "incremental" },
  });
  await q.upsertJobScheduler("weekly-audit-verify-full", { pattern: process.env.AUDIT_VERIFY_FULL_CRON ?? "45 4 * * 0" }, {
    name: "audit.verify",
    data: { mode: "full" },
  });
  // One scheduler per enabled connector with a cron schedule ("discovery:<id>").
  await installConnectorSchedules(q);
}
