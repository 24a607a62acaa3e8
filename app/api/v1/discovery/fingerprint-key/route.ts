import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/route";
import { readFingerprintKey } from "@/lib/domain/discovery/upload";

/** GET /api/v1/discovery/fingerprint-key: the key `keyward scan --upload` computes fingerprints with (audited, never cached). */
export const GET = apiRoute(async ({ actor }) =>
  NextResponse.json(await readFingerprintKey(actor), { headers: { "cache-control": "no-store", ...(actor.requestId ? { "x-request-id": actor.requestId } : {}) } }),
);
