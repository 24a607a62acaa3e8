import { apiRoute, readJson, searchParamsObject } from "@/lib/route";
import { listApplications } from "@/lib/domain/applications/queries";
import { createApplication } from "@/lib/domain/applications/service";

export const GET = apiRoute(({ actor, url }) => listApplications(actor, searchParamsObject(url)));
export const POST = apiRoute(async ({ req, actor }) => createApplication(actor, await readJson(req)), { status: 201 });
