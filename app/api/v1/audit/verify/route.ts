import { apiRoute, readJson } from "@/lib/route";
import { getAuditChainStatus, requestAuditVerification } from "@/lib/domain/audit-log/verification";

/** GET /api/v1/audit/verify: the newest verification's outcome and one under way (no verification here). */
export const GET = apiRoute(({ actor }) => getAuditChainStatus(actor));

/** POST /api/v1/audit/verify: queues a verification ({ mode }); poll GET for its progress. */
export const POST = apiRoute(async ({ req, actor }) => requestAuditVerification(actor, await readJson(req)), { status: 202 });
