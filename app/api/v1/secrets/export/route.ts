import { apiRoute, searchParamsObject } from "@/lib/route";
import { exportSecretsCsv } from "@/lib/domain/inventory/service";

/** GET /api/v1/secrets/export: every secret matching the filters, as CSV. */
export const GET = apiRoute(async ({ actor, url }) => {
  const { sort: _s, order: _o, page: _p, pageSize: _ps, ...filters } = searchParamsObject(url);
  const { stream, filename } = await exportSecretsCsv(actor, filters);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
      "x-request-id": actor.requestId ?? "",
    },
  });
});
