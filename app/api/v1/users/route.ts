import { apiRoute, readJson, searchParamsObject } from "@/lib/route";
import { listUsers } from "@/lib/domain/users/queries";
import { inviteUser } from "@/lib/domain/users/service";

export const GET = apiRoute(({ actor, url }) => listUsers(actor, searchParamsObject(url)));
export const POST = apiRoute(async ({ req, actor }) => inviteUser(actor, await readJson(req)), { status: 201 });
