import { z } from "zod";
import { appendAudit } from "@/lib/audit";
import { systemActor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { defineJob } from "@/lib/jobs/types";
import { runDiscovery, ZDiscoveryRunJob } from "./runner";

/** Runs one connector; progress in the JobRun the UI polls. Payload: ids only. */
export const discoveryRunJob = defineJob({
  schema: ZDiscoveryRunJob,
  handle: async (data) => runDiscovery(data),
});

export const ZEmergencyRotationJob = z.strictObject({ secretId: z.uuid(), findingId: z.uuid(), jobRunId: z.uuid() });

export const EMERGENCY_ROTATION_NOTE =
  "Emergency rotation recorded. Automatic rotation (create, set, test, finish) is a later issue; until then the owners rotate the credential by hand and store the new value.";

/**
 * Queued when a leak matches a stored secret's current value. For now it records the request
 * (JobRun + audit); the rotation engine of a later issue will pick these up and rotate.
 */
export const emergencyRotationJob = defineJob({
  schema: ZEmergencyRotationJob,
  handle: async (data) => {
    const secret = await db.secret.findUnique({ where: { id: data.secretId }, select: { id: true, path: true, status: true } });
    if (!secret) return { recorded: false, note: "The secret no longer exists." };
    await db.$transaction((tx) =>
      appendAudit(tx, systemActor("rotation"), {
        action: "rotation.emergency_requested",
        targetType: "secret",
        targetId: secret.id,
        after: { path: secret.path, findingId: data.findingId, jobRunId: data.jobRunId, automatic: false },
      }),
    );
    return { recorded: true, secretId: secret.id, path: secret.path, note: EMERGENCY_ROTATION_NOTE };
  },
});
