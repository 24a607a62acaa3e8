import { apiRoute } from "@/lib/route";
import { revokeApiToken } from "@/lib/domain/tokens/service";

export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await revokeApiToken(actor, params.id);
});
