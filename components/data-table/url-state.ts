"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useOptimistic, useTransition } from "react";

export type UrlPatch = Record<string, string | string[] | null | undefined>;

/** Applies a patch to a query string: null/undefined/"" or [] removes the key. */
export function patchSearch(current: URLSearchParams | string, patch: UrlPatch): URLSearchParams {
  const next = new URLSearchParams(current.toString());
  for (const [key, value] of Object.entries(patch)) {
    next.delete(key);
    if (value === null || value === undefined || value === "") continue;
    for (const v of Array.isArray(value) ? value : [value]) if (v !== "") next.append(key, v);
  }
  return next;
}

/**
 * Table state lives in the URL (reload and shared links keep it). Updates replace the history
 * entry inside a transition, so the current rows stay visible, marked busy, until the server
 * has rendered the new ones; meanwhile the controls show the new state optimistically (a
 * ticked box stays ticked), and quick successive changes build on each other.
 */
export function useUrlState() {
  const router = useRouter();
  const pathname = usePathname();
  const actual = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [qs, setOptimisticQs] = useOptimistic(actual.toString(), (_current: string, next: string) => next);
  const params = useMemo(() => new URLSearchParams(qs), [qs]);

  const update = useCallback(
    (patch: UrlPatch, opts: { resetPage?: boolean } = {}) => {
      const next = patchSearch(qs, opts.resetPage ? { ...patch, page: null } : patch).toString();
      startTransition(() => {
        setOptimisticQs(next);
        router.replace(next ? `${pathname}?${next}` : pathname, { scroll: false });
      });
    },
    [qs, pathname, router, setOptimisticQs],
  );

  return { params, update, pending };
}
