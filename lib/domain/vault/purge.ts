import "server-only";
import { z } from "zod";
import { appendAudit } from "@/lib/audit";
import { systemActor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { inJobRun } from "@/lib/jobs/runs";
import type { JobContext } from "@/lib/jobs/types";
import { cryptoErased, recoveryDays } from "./service";

// The daily purge: soft-deleted versions are recoverable for the recovery window
// (KEYWARD_VAULT_RECOVERY_DAYS); after it they are destroyed (crypto-erased) like a person's
// Destroy would, each with its own audit event in the transaction that erases it.

export const ZPurgeJob = z.strictObject({ jobRunId: z.uuid().optional() });

const BATCH = 200;
const actor = systemActor("vault-purge");

type TDue = { id: string; secretId: string; version: number; deletedAt: Date; path: string };

/**
 * Destroys every version deleted longer ago than the recovery window, in batches, reporting
 * progress on a JobRun (its own when the scheduler started it without one, so the jobs page
 * shows scheduled runs too). Versions recovered or destroyed meanwhile are left alone: each
 * batch re-checks its rows under a lock.
 */
export async function purgeExpiredVersions(input: z.input<typeof ZPurgeJob>, ctx: JobContext, now = new Date()) {
  return inJobRun("vault.purge", input.jobRunId, ctx, "scheduled purge", async (runId, progress) => {
    const days = recoveryDays();
    const cutoff = new Date(now.getTime() - days * 86_400_000);
    const total = await db.secretVersion.count({ where: { deletedAt: { lte: cutoff }, destroyedAt: null } });
    await progress(0, total, total ? `0 of ${total} versions destroyed` : "nothing past the recovery window");
    let done = 0;
    for (;;) {
      const n = await db.$transaction(async (tx) => {
        // SKIP LOCKED: a person recovering or destroying a version right now keeps it; the next run sees it again.
        const due = await tx.$queryRaw<TDue[]>`
          SELECT v.id::text, v."secretId"::text AS "secretId", v.version, v."deletedAt", s.path
            FROM "SecretVersion" v JOIN "Secret" s ON s.id = v."secretId"
           WHERE v."deletedAt" <= ${cutoff} AND v."destroyedAt" IS NULL
           ORDER BY v."deletedAt", v.id
           LIMIT ${BATCH}
             FOR UPDATE OF v SKIP LOCKED`;
        if (!due.length) return 0;
        await tx.secretVersion.updateMany({ where: { id: { in: due.map((d) => d.id) } }, data: cryptoErased(new Date()) });
        for (const d of due) {
          await appendAudit(tx, actor, {
            action: "secret.value_purge",
            targetType: "secret",
            targetId: d.secretId,
            after: { path: d.path, version: d.version, deletedAt: d.deletedAt.toISOString(), recoveryDays: days, jobRunId: runId },
          });
        }
        return due.length;
      });
      if (n === 0) break;
      done += n;
      await progress(done, Math.max(total, done), `${done} of ${Math.max(total, done)} versions destroyed`);
    }
    const result = { destroyed: done, recoveryDays: days, cutoff: cutoff.toISOString() };
    await db.$transaction((tx) => appendAudit(tx, actor, { action: "vault.purge.completed", targetType: "job_run", targetId: runId, after: result }));
    return result;
  });
}
