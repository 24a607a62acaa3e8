import { NextResponse } from "next/server";
import { serveValueRead } from "@/lib/domain/vault/delivery";
import { putSecretValue } from "@/lib/domain/vault/service";
import { readBody, vaultCaller } from "@/lib/domain/vault/http";
import { apiErrorResponse } from "@/lib/domain/vault/api";
import { plainToNext } from "@/lib/route";

// GET /api/v1/secrets/value?path=prod/team/app/name (or ?id=<secret id>, &version=, &stage=)
// for workloads (Authorization: Bearer kw_wt_...) and people with a grant (X-Keyward-Reason).
// Workload reads are usually answered by the lean delivery server (server.ts) before Next's
// router; both answer through serveValueRead.
export async function GET(req: Request) {
  try {
    const actor = await vaultCaller(req, { allowPeople: true });
    return plainToNext(await serveValueRead(actor, new URL(req.url).searchParams, (n) => req.headers.get(n)));
  } catch (e) {
    return apiErrorResponse(e, req);
  }
}

// PUT /api/v1/secrets/value { path | secretId, value | data, stage?, cas? } stores a new version.
export async function PUT(req: Request) {
  try {
    const actor = await vaultCaller(req, { allowPeople: true });
    const out = await putSecretValue(actor, await readBody(req), "api");
    return NextResponse.json(out, { status: 201 });
  } catch (e) {
    return apiErrorResponse(e, req);
  }
}

export const POST = PUT;
