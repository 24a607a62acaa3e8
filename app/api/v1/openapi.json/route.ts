import { NextResponse } from "next/server";
import { buildOpenApi } from "@/lib/openapi";

// Public on purpose: the document describes the API, it holds no data.
let cached: ReturnType<typeof buildOpenApi> | null = null;

export function GET() {
  cached ??= buildOpenApi();
  return NextResponse.json(cached, { headers: { "cache-control": "public, max-age=300" } });
}
