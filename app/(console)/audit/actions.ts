"use server";
import { requireActor } from "@/lib/actor";
import type { Actor } from "@/lib/authz/authorize";
import { requestAuditVerification, verifyAuditAnchor } from "@/lib/domain/audit-log/verification";
import { runAction, type TActionResult } from "@/lib/form-action";

/** Runs a request that queues a JobRun, and returns the run's id for the page to follow. */
async function queued(request: (actor: Actor) => Promise<{ jobRunId: string }>): Promise<TActionResult & { jobRunId?: string }> {
  let jobRunId = "";
  const res = await runAction(async () => {
    jobRunId = (await request(await requireActor())).jobRunId;
  });
  return res.ok ? { ...res, jobRunId } : res;
}

/** Verify now ({ mode: "incremental" | "full" }): the page follows the run through GET /api/v1/audit/verify. */
export async function verifyAuditChainAction(input: unknown) {
  return queued((actor) => requestAuditVerification(actor, input));
}

/** Check a noted hash ({ eventId, hash }): the form follows the run through GET /api/v1/jobs/{id}. */
export async function checkAuditAnchorAction(input: unknown) {
  return queued((actor) => verifyAuditAnchor(actor, input));
}
