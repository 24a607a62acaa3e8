import { apiRoute, searchParamsObject } from "@/lib/route";
import { listAuditEvents } from "@/lib/domain/audit-log/queries";

export const GET = apiRoute(({ actor, url }) => listAuditEvents(actor, searchParamsObject(url)));
