import { z } from "zod";
import { destroyVersions, recoverVersions, softDeleteVersions } from "@/lib/domain/vault/service";
import { readBody, vaultCaller, vaultRoute } from "@/lib/domain/vault/http";
import { AppError } from "@/lib/errors";

// Vault KV v2: POST /v1/secret/{delete,undelete,destroy}/<path> { versions: [n] }.
type P = { op: string; path: string[] };
const ops = { delete: softDeleteVersions, undelete: recoverVersions, destroy: destroyVersions } as const;

async function run({ req, params }: { req: Request; params: P }) {
  const op = ops[params.op as keyof typeof ops];
  if (!op) throw new AppError("not_found", "unsupported path");
  const actor = await vaultCaller(req);
  const body = z.strictObject({ versions: z.array(z.number().int().min(1)).min(1) }).safeParse(await readBody(req));
  if (!body.success) throw new AppError("bad_request", "no versions provided");
  await op(actor, { path: params.path.join("/"), versions: body.data.versions });
  return undefined;
}

export const POST = vaultRoute<P>(run);
export const PUT = vaultRoute<P>(run);
