import { apiRoute, readJson } from "@/lib/route";
import { getApplication } from "@/lib/domain/applications/queries";
import { deleteApplication, updateApplication } from "@/lib/domain/applications/service";

type P = { id: string };
export const GET = apiRoute<P>(({ actor, params }) => getApplication(actor, params.id));
export const PATCH = apiRoute<P>(async ({ req, actor, params }) => updateApplication(actor, params.id, await readJson(req)));
export const DELETE = apiRoute<P>(async ({ actor, params }) => {
  await deleteApplication(actor, params.id);
});
