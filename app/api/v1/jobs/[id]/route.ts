import { apiRoute } from "@/lib/route";
import { getJobRunProgress } from "@/lib/domain/inventory/service";

/** GET /api/v1/jobs/{id}: status and progress of a job run. */
export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => getJobRunProgress(actor, params.id));
