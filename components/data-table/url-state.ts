"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useSyncExternalStore, useTransition } from "react";

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
 * URL changes asked for but not yet shown by the router, oldest first, shared by every control
 * on the page (filters, sort, columns). Next commits a navigation only once the server has
 * answered, so until then the URL (and useSearchParams) still holds the old state: reading
 * either would make a later change — a debounced search firing after "Clear filters", a second
 * tick — rebuild the old state and bring back what was just removed.
 */
type TRequest = { from: string; to: string };
let requests: TRequest[] = [];
const listeners = new Set<() => void>();
const EMPTY: TRequest[] = [];

function setRequests(next: TRequest[]) {
  requests = next;
  for (const l of listeners) l();
}
function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

const href = (pathname: string, qs: string) => (qs ? `${pathname}?${qs}` : pathname);

/** The URL now in the address bar, normalised like URLSearchParams.toString(). */
function currentHref(): string {
  return href(window.location.pathname, new URLSearchParams(window.location.search).toString());
}

/** The URL the page is heading to: the latest request, else the address bar. */
export function targetHref(): string {
  return requests.at(-1)?.to ?? currentHref();
}

/** The router has shown `shown`: drop the requests it satisfies; a URL nobody asked for (back button, link) drops them all. */
export function settleRequests(shown: string) {
  if (requests.length === 0) return;
  const i = requests.findIndex((r) => r.to === shown);
  if (i >= 0) setRequests(requests.slice(i + 1));
  else if (requests[0].from !== shown) setRequests([]);
}

/** Records a request and returns the query string it leads to. */
export function requestPatch(pathname: string, patch: UrlPatch): string {
  const base = targetHref();
  const [basePath, baseQs = ""] = base.split("?", 2);
  const next = patchSearch(basePath === pathname ? baseQs : "", patch).toString();
  const to = href(pathname, next);
  // Back to what is on screen (tick, then untick): the router may never show another URL, so nothing is pending.
  if (to === currentHref()) setRequests([]);
  else if (to !== base) setRequests([...requests, { from: base, to }]);
  return next;
}

/**
 * Table state lives in the URL (reload and shared links keep it). Updates replace the history
 * entry inside a transition, so the current rows stay visible, marked busy, until the server
 * has rendered the new ones; meanwhile the controls show the requested state at once (a ticked
 * box stays ticked), and quick successive changes build on each other rather than on the stale URL.
 */
export function useUrlState() {
  const router = useRouter();
  const pathname = usePathname();
  const actual = useSearchParams().toString();
  const [pending, startTransition] = useTransition();
  const pendingRequests = useSyncExternalStore(subscribe, () => requests, () => EMPTY);
  const shown = href(pathname, actual);

  useEffect(() => settleRequests(shown), [shown]);

  const target = pendingRequests.at(-1)?.to;
  const qs = target && target.split("?", 1)[0] === pathname ? (target.split("?", 2)[1] ?? "") : actual;
  const params = useMemo(() => new URLSearchParams(qs), [qs]);

  // Stable, and reads the state at call time: a debounced caller may hold an old copy.
  const update = useCallback(
    (patch: UrlPatch, opts: { resetPage?: boolean } = {}) => {
      const next = requestPatch(pathname, opts.resetPage ? { ...patch, page: null } : patch);
      startTransition(() => router.replace(href(pathname, next), { scroll: false }));
    },
    [pathname, router],
  );

  return { params, update, pending: pending || pendingRequests.length > 0 };
}
