import { NextResponse } from "next/server";
import { putSecretValue, readSecretValue } from "@/lib/domain/vault/service";
import { readBody, vaultCaller } from "@/lib/domain/vault/http";
import { apiErrorResponse } from "@/lib/domain/vault/api";

// GET /api/v1/secrets/value?path=prod/team/app/name (or ?id=<secret id>, &version=, &stage=)
// for workloads (Authorization: Bearer kw_wt_...) and people with a grant (X-Keyward-Reason).
// ETag / If-None-Match let clients poll cheaply: 304 when the version did not change.
export async function GET(req: Request) {
  const url = new URL(req.url);
  try {
    const actor = await vaultCaller(req, { allowPeople: true });
    const q = url.searchParams;
    const input = {
      ...(q.get("path") ? { path: q.get("path") } : {}),
      ...(q.get("id") ? { secretId: q.get("id") } : {}),
      ...(q.get("version") ? { version: q.get("version") } : {}),
      ...(q.get("stage") ? { stage: q.get("stage") } : {}),
      ...(req.headers.get("x-keyward-reason") ? { reason: req.headers.get("x-keyward-reason") } : {}),
    };
    const r = await readSecretValue(actor, input, "api", { ifNoneMatch: req.headers.get("if-none-match") });
    const headers = { etag: r.etag, "cache-control": "private, no-cache", "x-keyward-version": String(r.version) };
    if (r.notModified) return new NextResponse(null, { status: 304, headers });
    return NextResponse.json(
      { secretId: r.secretId, path: r.path, version: r.version, stage: r.stage, createdAt: r.createdAt, value: r.value, data: r.data },
      { headers },
    );
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
