import type { z } from "zod";
import { auditVerifyJob } from "@/lib/domain/audit-log/jobs";
import { hygieneJob } from "@/lib/domain/inventory/jobs";
import { purgeJob, rewrapJob } from "@/lib/domain/vault/jobs";
import { discoveryRunJob, emergencyRotationJob } from "@/lib/domain/discovery/jobs";

// Every job the workers run, by name. Add a job here and its schedule in workers/schedules.ts.
export const jobs = {
  "inventory.hygiene": hygieneJob,
  "vault.rewrap": rewrapJob,
  "vault.purge": purgeJob,
  "discovery.run": discoveryRunJob,
  // Records the request only for now; the rotation engine comes with a later issue.
  "rotation.emergency": emergencyRotationJob,
  "audit.verify": auditVerifyJob,
};

export type JobName = keyof typeof jobs;
export type JobData<N extends JobName> = z.input<(typeof jobs)[N]["schema"]>;
