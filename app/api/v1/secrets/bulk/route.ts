import { apiRoute, readJson } from "@/lib/route";
import { bulkUpdateSecrets } from "@/lib/domain/inventory/service";

/** POST /api/v1/secrets/bulk: { ids, ownerTeamId?, classification? }, all or nothing. */
export const POST = apiRoute(async ({ req, actor }) => bulkUpdateSecrets(actor, await readJson(req)));
