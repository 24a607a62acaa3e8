// Serves the vault's real route handlers over plain Node HTTP (no Next server), so tests can
// drive them with real HTTP clients such as node-vault. Routing mirrors the app/ folders.
import * as value from "@/app/api/v1/secrets/value/route";
import * as data from "@/app/v1/secret/data/[...path]/route";
import * as metadata from "@/app/v1/secret/metadata/[...path]/route";
import * as op from "@/app/v1/secret/[op]/[...path]/route";
import * as approle from "@/app/v1/auth/approle/login/route";
import * as jwt from "@/app/v1/auth/jwt/login/route";
import * as token from "@/app/v1/auth/token/[action]/route";
import * as sealStatus from "@/app/v1/sys/seal-status/route";
import * as unseal from "@/app/v1/sys/unseal/route";
import { startRouteHarness, type TRoute } from "./route-harness";

const routes: TRoute[] = [
  [/^\/api\/v1\/secrets\/value$/, value, () => ({})],
  [/^\/v1\/secret\/data\/(.+)$/, data, (m) => ({ path: m[1].split("/") })],
  [/^\/v1\/secret\/metadata\/(.+)$/, metadata, (m) => ({ path: m[1].split("/") })],
  [/^\/v1\/secret\/([a-z]+)\/(.+)$/, op, (m) => ({ op: m[1], path: m[2].split("/") })],
  [/^\/v1\/auth\/approle\/login$/, approle, () => ({})],
  [/^\/v1\/auth\/jwt\/login$/, jwt, () => ({})],
  [/^\/v1\/auth\/token\/([a-z-]+)$/, token, (m) => ({ action: m[1] })],
  [/^\/v1\/sys\/seal-status$/, sealStatus, () => ({})],
  [/^\/v1\/sys\/unseal$/, unseal, () => ({})],
];

export function startVaultHarness() {
  return startRouteHarness(routes);
}
