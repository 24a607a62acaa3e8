import { apiRoute } from "@/lib/route";
import { requestDiscoveryRun } from "@/lib/domain/discovery/service";

/** POST /api/v1/connectors/{id}/runs: run now; poll GET /api/v1/jobs/{jobRunId}. */
export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => requestDiscoveryRun(actor, params.id), { status: 202 });
