import { apiRoute } from "@/lib/route";
import { requestHygieneRun } from "@/lib/domain/inventory/hygiene";

/** POST /api/v1/jobs/hygiene: starts a hygiene check; poll GET /api/v1/jobs/{id} for progress. */
export const POST = apiRoute(async ({ actor }) => requestHygieneRun(actor), { status: 202 });
