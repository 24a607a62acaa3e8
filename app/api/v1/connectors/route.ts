import { apiRoute, readJson, searchParamsObject } from "@/lib/route";
import { createConnector, listConnectors } from "@/lib/domain/discovery/service";

export const GET = apiRoute(async ({ actor, url }) => listConnectors(actor, searchParamsObject(url)));

export const POST = apiRoute(async ({ req, actor }) => createConnector(actor, await readJson(req)), { status: 201 });
