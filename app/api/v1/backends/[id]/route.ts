import { apiRoute, readJson } from "@/lib/route";
import { getBackend } from "@/lib/domain/backends/queries";
import { deleteBackend, updateBackend } from "@/lib/domain/backends/service";

type P = { id: string };
export const GET = apiRoute<P>(({ actor, params }) => getBackend(actor, params.id));
export const PATCH = apiRoute<P>(async ({ req, actor, params }) => updateBackend(actor, params.id, await readJson(req)));
export const DELETE = apiRoute<P>(async ({ actor, params }) => {
  await deleteBackend(actor, params.id);
});
