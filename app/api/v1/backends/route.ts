import { apiRoute, readJson, searchParamsObject } from "@/lib/route";
import { listBackends } from "@/lib/domain/backends/queries";
import { createBackend } from "@/lib/domain/backends/service";

export const GET = apiRoute(({ actor, url }) => listBackends(actor, searchParamsObject(url)));
export const POST = apiRoute(async ({ req, actor }) => createBackend(actor, await readJson(req)), { status: 201 });
