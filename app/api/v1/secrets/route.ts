import { apiRoute, readJson, searchParamsObject } from "@/lib/route";
import { createSecret, listSecrets } from "@/lib/domain/inventory/service";

/** GET /api/v1/secrets: one page of the inventory; the same query string as the console's table. */
export const GET = apiRoute(async ({ actor, url }) => {
  const { query: _query, ...page } = await listSecrets(actor, searchParamsObject(url));
  return page;
});

/** POST /api/v1/secrets: records a secret (metadata only; values go through the vault API). */
export const POST = apiRoute(async ({ req, actor }) => createSecret(actor, await readJson(req)), { status: 201 });
