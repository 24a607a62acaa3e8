import { apiRoute, readJson } from "@/lib/route";
import { deleteConnector, getConnector, updateConnector } from "@/lib/domain/discovery/service";

type P = { id: string };

export const GET = apiRoute<P>(async ({ actor, params }) => getConnector(actor, params.id));

export const PATCH = apiRoute<P>(async ({ req, actor, params }) => updateConnector(actor, params.id, await readJson(req)));

export const DELETE = apiRoute<P>(async ({ actor, params }) => {
  await deleteConnector(actor, params.id);
});
