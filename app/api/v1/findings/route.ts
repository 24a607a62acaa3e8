import { apiRoute, searchParamsObject } from "@/lib/route";
import { listFindings } from "@/lib/domain/discovery/service";

/** GET /api/v1/findings: filters, paging; ?groupBy=repository for the per-repository view. */
export const GET = apiRoute(async ({ actor, url }) => listFindings(actor, searchParamsObject(url)));
