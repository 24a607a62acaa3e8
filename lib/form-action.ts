import "server-only";
import { AppError, type ErrorCode } from "@/lib/errors";
import { logError } from "@/lib/log";

/** What a form's server action returns: field errors go next to their fields. */
export type TActionResult = {
  ok: boolean;
  code?: ErrorCode;
  message?: string;
  fieldErrors?: Record<string, string[]>;
  /** Shown once after success (e.g. a new API token). */
  reveal?: string;
};

/**
 * Runs one domain call for a server action and turns expected failures into a form result.
 * Call redirect() after it returns ok, never inside (redirect works by throwing).
 */
export async function runAction(fn: () => Promise<unknown>, success: Omit<TActionResult, "ok"> = {}): Promise<TActionResult> {
  try {
    await fn();
    return { ok: true, ...success };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, code: e.code, message: e.message, fieldErrors: e.fields };
    const ref = crypto.randomUUID();
    logError("action", e, { ref });
    return { ok: false, code: "internal", message: `Something went wrong. Quote reference ${ref} when you report it.` };
  }
}

type FieldKind = "string" | "optional" | "nullable" | "array" | "number" | "boolean";

/**
 * Builds a domain input object from form data, reading only the named fields (so the
 * framework's own hidden fields never reach a strict schema). Empty optional fields are left
 * out, empty nullable ones become null; keys with a dot ("config.address") become nested.
 */
export function formInput(fd: FormData, spec: Record<string, FieldKind>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, kind] of Object.entries(spec)) {
    let value: unknown;
    if (kind === "array") value = fd.getAll(key).filter((v): v is string => typeof v === "string" && v !== "");
    else if (kind === "boolean") value = fd.get(key) === "on" || fd.get(key) === "true";
    else {
      const raw = fd.get(key);
      const s = typeof raw === "string" ? raw : "";
      if (s === "" && kind === "optional") continue;
      if (s === "" && kind === "number") continue;
      value = s === "" && kind === "nullable" ? null : kind === "number" ? Number(s) : s;
    }
    const path = key.split(".");
    let target = out;
    for (const part of path.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[path[path.length - 1]] = value;
  }
  return out;
}
