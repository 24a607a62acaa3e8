// Log lines carry messages and ids, never request bodies or values: errors are reduced to
// their name, message and stack, and anything that looks like a credential is masked.
const SECRETISH = /((?:password|secret|token|api[_-]?key|authorization)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi;

export function redact(text: string): string {
  return text.replace(SECRETISH, "$1[redacted]").replace(/kw_(?:pat|wt)_[A-Za-z0-9_-]+/g, "kw_…[redacted]");
}

export function logError(scope: string, e: unknown, meta: Record<string, unknown> = {}) {
  const err = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ""}` : String(e);
  console.error(`[${scope}] ${redact(err)} ${redact(JSON.stringify(meta))}`);
}

export function logInfo(scope: string, message: string, meta: Record<string, unknown> = {}) {
  console.log(`[${scope}] ${redact(message)}${Object.keys(meta).length ? " " + redact(JSON.stringify(meta)) : ""}`);
}
