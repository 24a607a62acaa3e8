import type { z } from "zod";
import { hygieneJob } from "@/lib/domain/inventory/jobs";
import { rewrapJob } from "@/lib/domain/vault/jobs";

// Every job the workers run, by name. Add a job here and its schedule in workers/schedules.ts.
export const jobs = {
  "inventory.hygiene": hygieneJob,
  "vault.rewrap": rewrapJob,
};

export type JobName = keyof typeof jobs;
export type JobData<N extends JobName> = z.input<(typeof jobs)[N]["schema"]>;
