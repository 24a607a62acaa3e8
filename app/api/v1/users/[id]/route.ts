import { apiRoute, readJson } from "@/lib/route";
import { getUser } from "@/lib/domain/users/queries";
import { disableUser, updateUser } from "@/lib/domain/users/service";

type P = { id: string };
export const GET = apiRoute<P>(({ actor, params }) => getUser(actor, params.id));
export const PATCH = apiRoute<P>(async ({ req, actor, params }) => updateUser(actor, params.id, await readJson(req)));
// People are disabled, never deleted: the audit trail keeps pointing at them.
export const DELETE = apiRoute<P>(({ actor, params }) => disableUser(actor, params.id));
