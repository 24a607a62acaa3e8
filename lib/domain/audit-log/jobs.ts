import { defineJob } from "@/lib/jobs/types";
import { runAuditVerification, ZAuditVerifyJob } from "./verification";

/** Verifies the audit chain (hourly incremental, weekly full, or on request); progress shows in the JobRun. */
export const auditVerifyJob = defineJob({ schema: ZAuditVerifyJob, handle: (data, ctx) => runAuditVerification(data, ctx) });
