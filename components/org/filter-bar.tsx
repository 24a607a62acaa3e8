"use client";
import { useEffect, useRef, useState } from "react";
import { Input, Select } from "@/components/ui/form";
import { useUrlState } from "@/components/data-table/url-state";

export type TFilter =
  | { name: string; label: string; type: "select"; options: Array<{ value: string; label: string }> }
  | { name: string; label: string; type: "text" | "date"; placeholder?: string };

/** A text box that writes to the URL as you type (debounced) and follows the URL when it changes elsewhere. */
function LiveText(props: { name: string; type: "search" | "text"; placeholder?: string; className: string; testId: string }) {
  const { params, update } = useUrlState();
  const urlValue = params.get(props.name) ?? "";
  const [value, setValue] = useState(urlValue);
  const typing = useRef(false);

  useEffect(() => {
    if (!typing.current) setValue(urlValue);
  }, [urlValue]);

  useEffect(() => {
    if (value.trim() === urlValue) return;
    const t = setTimeout(() => {
      typing.current = false;
      update({ [props.name]: value.trim() || null }, { resetPage: true });
    }, 300);
    return () => clearTimeout(t);
  }, [value, urlValue, update, props.name]);

  return (
    <Input
      name={props.name}
      type={props.type}
      placeholder={props.placeholder}
      value={value}
      onChange={(e) => {
        typing.current = true;
        setValue(e.target.value);
      }}
      className={props.className}
      data-testid={props.testId}
    />
  );
}

/** Search box and filters kept in the URL, so the list page (and the API) read the same query. Applies as you type or choose. */
export function FilterBar({ filters = [], searchLabel = "Search" }: { filters?: TFilter[]; searchLabel?: string }) {
  const { params, update, pending } = useUrlState();
  return (
    <form role="search" className="flex flex-wrap items-end gap-2" aria-busy={pending} onSubmit={(e) => e.preventDefault()}>
      <label className="w-56 text-xs text-slate-500">
        <span className="mb-0.5 block">{searchLabel}</span>
        <LiveText name="q" type="search" className="w-full" testId="filter-q" />
      </label>
      {filters.map((f) => (
        // Fixed widths on the labels: a select is otherwise as wide as its longest option.
        <label key={f.name} className="w-36 text-xs text-slate-500">
          <span className="mb-0.5 block">{f.label}</span>
          {f.type === "select" ? (
            <Select
              name={f.name}
              value={params.get(f.name) ?? ""}
              onChange={(e) => update({ [f.name]: e.target.value || null }, { resetPage: true })}
              data-testid={`filter-${f.name}`}
              className="w-full truncate"
            >
              <option value="">All</option>
              {f.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </Select>
          ) : f.type === "date" ? (
            <Input
              name={f.name}
              type="date"
              value={params.get(f.name) ?? ""}
              onChange={(e) => update({ [f.name]: e.target.value || null }, { resetPage: true })}
              data-testid={`filter-${f.name}`}
              className="w-full"
            />
          ) : (
            <LiveText name={f.name} type="text" placeholder={f.placeholder} className="w-full" testId={`filter-${f.name}`} />
          )}
        </label>
      ))}
    </form>
  );
}
