"use server";
import { requireActor } from "@/lib/actor";
import { requestAuditVerification } from "@/lib/domain/audit-log/verification";
import { runAction, type TActionResult } from "@/lib/form-action";

/** Verify now ({ mode: "incremental" | "full" }): returns the JobRun the page follows (GET /api/v1/audit/verify). */
export async function verifyAuditChainAction(input: unknown): Promise<TActionResult & { jobRunId?: string }> {
  let jobRunId = "";
  const res = await runAction(async () => {
    jobRunId = (await requestAuditVerification(await requireActor(), input)).jobRunId;
  });
  return res.ok ? { ...res, jobRunId } : res;
}
