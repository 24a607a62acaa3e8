import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const WORKLOAD_TOKEN_PREFIX = "kw_wt_";
export const CLIENT_SECRET_PREFIX = "kw_cs_";

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** 256 random bits; only the SHA-256 is stored (high entropy, so no slow hash is needed). */
export function newWorkloadToken(): string {
  return WORKLOAD_TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export function newClientSecret(): string {
  return CLIENT_SECRET_PREFIX + randomBytes(32).toString("base64url");
}

export function newAccessor(): string {
  return randomBytes(12).toString("hex");
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}

export function looksLikeWorkloadToken(token: string): boolean {
  return token.startsWith(WORKLOAD_TOKEN_PREFIX) && token.length < 100;
}
