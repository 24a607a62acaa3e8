import { apiRoute, readJson } from "@/lib/route";
import { triageFindings } from "@/lib/domain/discovery/service";

/** POST /api/v1/findings/triage: one status for many findings, all or nothing. */
export const POST = apiRoute(async ({ req, actor }) => triageFindings(actor, await readJson(req)));
