import { z } from "zod";
import { defineJob } from "@/lib/jobs/types";
import { rewrapAll } from "./keys";
import { purgeExpiredVersions, ZPurgeJob } from "./purge";

/** Re-wraps every data key under the given key version; progress shows in the JobRun. */
export const rewrapJob = defineJob({
  schema: z.strictObject({ keyVersionId: z.uuid(), jobRunId: z.uuid().optional() }),
  handle: async (data, ctx) => rewrapAll(data.keyVersionId, (done, total) => ctx.progress(done, total, `${done} of ${total} data keys re-wrapped`)),
});

/** Destroys versions whose recovery window passed (daily, workers/schedules.ts). */
export const purgeJob = defineJob({ schema: ZPurgeJob, handle: (data, ctx) => purgeExpiredVersions(data, ctx) });
