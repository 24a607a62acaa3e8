import "server-only";
import { notFound } from "next/navigation";
import { EmptyState } from "@/components/ui/card";
import { AppError } from "@/lib/errors";

export type TLoaded<T> = { ok: true; data: T } | { ok: false; node: React.ReactNode };

/**
 * Loads a page's data through its domain function: a refusal renders a plain explanation
 * instead of the error page, an unknown id is a 404, and a bad query says what is wrong.
 */
export async function load<T>(fn: () => Promise<T>): Promise<TLoaded<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    // A malformed id in the URL is "no such record", like an unknown one.
    const fieldKeys = Object.keys(e.fields ?? {});
    if (e.code === "not_found" || (e.code === "validation_failed" && fieldKeys.length === 1 && fieldKeys[0] === "_")) notFound();
    if (e.code === "validation_failed") {
      const detail = Object.entries(e.fields ?? {}).map(([k, v]) => `${k}: ${v.join(" ")}`).join("; ");
      return { ok: false, node: <EmptyState title="This view's filters are not valid">{detail} <a className="underline" href="?">Reset the filters</a>.</EmptyState> };
    }
    if (e.code === "forbidden" || e.code === "unauthenticated")
      return { ok: false, node: <EmptyState title="You do not have access to this page">{e.message} Ask an administrator if you need it.</EmptyState> };
    throw e;
  }
}
