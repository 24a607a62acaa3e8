import { defineJob } from "@/lib/jobs/types";
import { runAnchorCheck, runAuditVerification, ZAuditVerifyJob } from "./verification";

/** Verifies the audit chain (hourly incremental, weekly full, on request, or from an anchor); progress shows in the JobRun. */
export const auditVerifyJob = defineJob({
  schema: ZAuditVerifyJob,
  handle: (data, ctx) => (data.mode === "anchor" ? runAnchorCheck(data, ctx) : runAuditVerification(data, ctx)),
});
