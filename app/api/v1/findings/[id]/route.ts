import { apiRoute } from "@/lib/route";
import { getFinding } from "@/lib/domain/discovery/service";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => getFinding(actor, params.id));
