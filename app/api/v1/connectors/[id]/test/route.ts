import { apiRoute } from "@/lib/route";
import { testConnector } from "@/lib/domain/discovery/service";

/** POST /api/v1/connectors/{id}/test: try the source with the stored settings; changes nothing. */
export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => testConnector(actor, params.id));
