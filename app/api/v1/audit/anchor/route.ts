import { apiRoute, readJson } from "@/lib/route";
import { verifyAuditAnchor } from "@/lib/domain/audit-log/verification";

/** POST /api/v1/audit/anchor: queues a check of a noted hash ({ eventId, hash }); poll GET /api/v1/jobs/{id} for the outcome. */
export const POST = apiRoute(async ({ req, actor }) => verifyAuditAnchor(actor, await readJson(req)), { status: 202 });
