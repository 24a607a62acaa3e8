"use client";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/form";
import { useUrlState } from "@/components/data-table/url-state";

export type TFilter =
  | { name: string; label: string; type: "select"; options: Array<{ value: string; label: string }> }
  | { name: string; label: string; type: "text" | "date"; placeholder?: string };

/** Search box and filters kept in the URL, so the list page (and the API) read the same query. */
export function FilterBar({ filters = [], searchLabel = "Search" }: { filters?: TFilter[]; searchLabel?: string }) {
  const { params, update, pending } = useUrlState();
  const names = ["q", ...filters.map((f) => f.name)];
  return (
    <form
      role="search"
      className="flex flex-wrap items-end gap-2"
      aria-busy={pending}
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        update(Object.fromEntries(names.map((n) => [n, String(fd.get(n) ?? "").trim() || null])), { resetPage: true });
      }}
    >
      <label className="text-xs text-slate-500">
        <span className="mb-0.5 block">{searchLabel}</span>
        <Input name="q" type="search" defaultValue={params.get("q") ?? ""} className="w-56" data-testid="filter-q" />
      </label>
      {filters.map((f) => (
        <label key={f.name} className="text-xs text-slate-500">
          <span className="mb-0.5 block">{f.label}</span>
          {f.type === "select" ? (
            <Select name={f.name} defaultValue={params.get(f.name) ?? ""} data-testid={`filter-${f.name}`} className="w-44">
              <option value="">All</option>
              {f.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </Select>
          ) : (
            <Input name={f.name} type={f.type} placeholder={f.type === "text" ? f.placeholder : undefined} defaultValue={params.get(f.name) ?? ""} data-testid={`filter-${f.name}`} className="w-44" />
          )}
        </label>
      ))}
      <Button type="submit" variant="secondary">
        Apply
      </Button>
    </form>
  );
}
