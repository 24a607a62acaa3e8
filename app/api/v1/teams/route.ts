import { apiRoute, readJson, searchParamsObject } from "@/lib/route";
import { listTeams } from "@/lib/domain/teams/queries";
import { createTeam } from "@/lib/domain/teams/service";

export const GET = apiRoute(({ actor, url }) => listTeams(actor, searchParamsObject(url)));
export const POST = apiRoute(async ({ req, actor }) => createTeam(actor, await readJson(req)), { status: 201 });
