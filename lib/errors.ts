import { z } from "zod";
import { logError } from "./log";

export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "rate_limited"
  | "sealed"
  | "internal";

export const errorStatus: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  sealed: 503,
  internal: 500,
};

/** An expected failure whose message is safe to show to the user. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "AppError";
  }
  get status() {
    return errorStatus[this.code];
  }
}

/** Field errors keyed by dotted path ("" for the whole input). */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Parses untrusted input; throws a 400 AppError with field errors when it does not fit. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const res = schema.safeParse(input);
  if (!res.success) throw new AppError("validation_failed", "The input is not valid.", fieldErrors(res.error));
  return res.data;
}

export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}
/**
 * For `.catch()` on a write: a unique-constraint violation (a name or path taken, also by a
 * concurrent write a pre-check could not see) becomes a 409 with this message; anything else passes on.
 */
export function conflictOnUnique(message: string, fields?: Record<string, string[]>): (e: unknown) => never {
  return (e) => {
    if (isUniqueViolation(e)) throw new AppError("conflict", message, fields);
    throw e;
  };
}
export function isNotFound(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2025";
}
export function isForeignKeyViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2003";
}

/** A response as plain data, for code that serves HTTP with or without the framework. */
export type TPlainResponse = { status: number; headers: Record<string, string>; body: unknown };

/** Keyward API error body: { error: { code, message, fields? } }. Unexpected errors are logged, never echoed. */
export function apiError(e: unknown, requestId: string): TPlainResponse {
  const headers = { "x-request-id": requestId };
  if (e instanceof AppError) {
    return { status: e.status, headers, body: { error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } } };
  }
  logError("api", e, { requestId });
  return { status: 500, headers, body: { error: { code: "internal", message: `Something went wrong. Quote request id ${requestId} when you report it.` } } };
}
