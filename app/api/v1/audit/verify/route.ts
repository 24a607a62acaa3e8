import { apiRoute } from "@/lib/route";
import { getAuditChainStatus } from "@/lib/domain/audit-log/queries";

export const GET = apiRoute(({ actor }) => getAuditChainStatus(actor));
