import { NextResponse } from "next/server";
import { checkHealth } from "@/lib/domain/health/service";

// Public and unauthenticated (load balancers, docker healthchecks): no secrets, no hostnames.
export async function GET() {
  const health = await checkHealth();
  return NextResponse.json(health, {
    status: health.status === "down" ? 503 : 200,
    headers: { "cache-control": "no-store" },
  });
}
