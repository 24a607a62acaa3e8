import { apiRoute, readJson } from "@/lib/route";
import { getTeam } from "@/lib/domain/teams/queries";
import { deleteTeam, updateTeam } from "@/lib/domain/teams/service";

type P = { id: string };
export const GET = apiRoute<P>(({ actor, params }) => getTeam(actor, params.id));
export const PATCH = apiRoute<P>(async ({ req, actor, params }) => updateTeam(actor, params.id, await readJson(req)));
export const DELETE = apiRoute<P>(async ({ actor, params }) => {
  await deleteTeam(actor, params.id);
});
