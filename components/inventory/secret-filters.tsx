"use client";
import { useEffect, useRef, useState } from "react";
import { useUrlState } from "@/components/data-table/url-state";
import { cn } from "@/components/ui/cn";

export type TFacet = { name: string; label: string; options: Array<{ value: string; label: string }> };

const summaryClass = (active: boolean) =>
  cn(
    "cursor-pointer list-none whitespace-nowrap rounded-md border px-2.5 py-1.5 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500",
    active
      ? "border-brand-500 bg-brand-50 text-brand-700 dark:bg-brand-700/30 dark:text-brand-100"
      : "border-slate-300 bg-white hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800",
  );
const menuClass =
  "absolute left-0 z-20 mt-1 max-h-72 w-60 space-y-0.5 overflow-y-auto rounded-md border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900";

const FILTER_KEYS = ["q", "type", "environment", "classification", "backendId", "ownerTeamId", "status", "overdue", "unowned"];

/** Values of a facet in the URL: repeated keys or comma lists, as the API accepts them. */
function valuesOf(params: URLSearchParams, name: string): string[] {
  return params.getAll(name).flatMap((v) => v.split(",")).filter(Boolean);
}

/**
 * The inventory's filters: free-text search (debounced) and multi-value facets, all in the URL
 * so the page, the Export link and a shared link see the same view.
 */
export function SecretFilters({ facets }: { facets: TFacet[] }) {
  const { params, update, pending } = useUrlState();
  const urlQ = params.get("q") ?? "";
  const [q, setQ] = useState(urlQ);
  const typing = useRef(false);

  // Follow the URL when it changes from elsewhere (Clear filters, back button).
  useEffect(() => {
    if (!typing.current) setQ(urlQ);
  }, [urlQ]);

  useEffect(() => {
    if (q.trim() === urlQ) return;
    const t = setTimeout(() => {
      typing.current = false;
      const term = q.trim();
      // The server needs 3 characters to search; shorter input clears the search.
      update({ q: term.length >= 3 ? term : null }, { resetPage: true });
    }, 300);
    return () => clearTimeout(t);
  }, [q, urlQ, update]);

  const active = FILTER_KEYS.some((k) => params.has(k));
  const toggle = (name: string, value: string, on: boolean) => {
    const current = valuesOf(params, name);
    const next = on ? [...new Set([...current, value])] : current.filter((v) => v !== value);
    update({ [name]: next }, { resetPage: true });
  };

  return (
    <div className="flex flex-wrap items-center gap-2" role="search" aria-label="Filter secrets" data-testid="secret-filters">
      <label htmlFor="secret-search" className="sr-only">
        Search secrets by name or path
      </label>
      <input
        id="secret-search"
        type="search"
        data-testid="secret-search"
        placeholder="Search name or path…"
        title="Name or path, 3 characters or more"
        value={q}
        onChange={(e) => {
          typing.current = true;
          setQ(e.target.value);
        }}
        className="w-60 rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 dark:border-slate-700 dark:bg-slate-900"
      />
      {facets.map((f) => {
        const selected = valuesOf(params, f.name);
        return (
          <details key={f.name} className="relative" data-testid={`facet-${f.name}`}>
            <summary className={summaryClass(selected.length > 0)}>
              {f.label}
              {selected.length ? ` (${selected.length})` : ""} <span aria-hidden>▾</span>
            </summary>
            <fieldset className={menuClass}>
              <legend className="sr-only">{f.label}</legend>
              {f.options.length === 0 ? <p className="px-1 text-sm text-slate-500">Nothing to choose from.</p> : null}
              {f.options.map((o) => (
                <label key={o.value} className="flex items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-slate-50 dark:hover:bg-slate-800">
                  <input
                    type="checkbox"
                    className="h-4 w-4 accent-brand-600"
                    checked={selected.includes(o.value)}
                    onChange={(e) => toggle(f.name, o.value, e.target.checked)}
                  />
                  {o.label}
                </label>
              ))}
            </fieldset>
          </details>
        );
      })}
      {(() => {
        const flags = [
          { name: "overdue", label: "Rotation overdue" },
          { name: "unowned", label: "No owner" },
        ];
        const on = flags.filter((b) => params.get(b.name) === "true").length;
        return (
          <details className="relative" data-testid="facet-hygiene">
            <summary className={summaryClass(on > 0)}>
              Hygiene{on ? ` (${on})` : ""} <span aria-hidden>▾</span>
            </summary>
            <fieldset className={menuClass}>
              <legend className="sr-only">Hygiene</legend>
              {flags.map((b) => (
                <label key={b.name} className="flex items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-slate-50 dark:hover:bg-slate-800">
                  <input
                    type="checkbox"
                    data-testid={`filter-${b.name}`}
                    className="h-4 w-4 accent-brand-600"
                    checked={params.get(b.name) === "true"}
                    onChange={(e) => update({ [b.name]: e.target.checked ? "true" : null }, { resetPage: true })}
                  />
                  {b.label}
                </label>
              ))}
            </fieldset>
          </details>
        );
      })()}
      {active ? (
        <button
          type="button"
          data-testid="clear-filters"
          className="whitespace-nowrap text-sm text-slate-600 underline hover:text-slate-900 dark:text-slate-400"
          onClick={() => {
            typing.current = false;
            setQ("");
            update(Object.fromEntries(FILTER_KEYS.map((k) => [k, null])), { resetPage: true });
          }}
        >
          Clear filters
        </button>
      ) : null}
      <span className="sr-only" aria-live="polite">
        {pending ? "Loading…" : ""}
      </span>
    </div>
  );
}
