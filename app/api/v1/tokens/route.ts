import { apiRoute, readJson } from "@/lib/route";
import { createApiToken, listApiTokens } from "@/lib/domain/tokens/service";

export const GET = apiRoute(({ actor }) => listApiTokens(actor));
// The token is in this response only; it is stored as a hash.
export const POST = apiRoute(async ({ req, actor }) => createApiToken(actor, await readJson(req)), { status: 201 });
