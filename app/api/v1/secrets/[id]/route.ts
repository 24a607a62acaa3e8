import { apiRoute, readJson } from "@/lib/route";
import { deleteSecret, getSecret, updateSecret } from "@/lib/domain/inventory/service";

type P = { id: string };

export const GET = apiRoute<P>(async ({ actor, params }) => getSecret(actor, params.id));

export const PATCH = apiRoute<P>(async ({ req, actor, params }) => updateSecret(actor, params.id, await readJson(req)));

export const DELETE = apiRoute<P>(async ({ actor, params }) => {
  await deleteSecret(actor, params.id);
});
