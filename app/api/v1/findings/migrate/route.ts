import { apiRoute, readJson } from "@/lib/route";
import { migrateFindingsToVault } from "@/lib/domain/discovery/service";

/** POST /api/v1/findings/migrate: inventory entries (Keyward vault, pending rotation) for findings. */
export const POST = apiRoute(async ({ req, actor }) => migrateFindingsToVault(actor, await readJson(req)));
