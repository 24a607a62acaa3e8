"use client";
import {
  columnVisibilityFeature,
  metaHelper,
  rowPaginationFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type Column,
  type ColumnDef,
  type ColumnVisibilityState,
  type PaginationState,
  type RowData,
  type RowSelectionState,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";
import Link from "next/link";
import { useMemo, useState } from "react";
import { cn } from "@/components/ui/cn";
import { useUrlState } from "./url-state";

export type DataTableColumnMeta = {
  /** Name in the column menu (headers may be components). */
  label?: string;
  /** Extra classes for the column's cells. */
  className?: string;
};

/** The features every server-side table uses; build columns with createColumnHelper<typeof dataTableFeatures, Row>(). */
export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
  rowSelectionFeature,
  columnVisibilityFeature,
  columnMeta: metaHelper<DataTableColumnMeta>(),
});
export type DataTableFeatures = typeof dataTableFeatures;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DataTableColumn<TData extends RowData> = ColumnDef<DataTableFeatures, TData, any>;

const PAGE_SIZES = [25, 50, 100, 200];

function apply<T>(updater: Updater<T>, old: T): T {
  return typeof updater === "function" ? (updater as (o: T) => T)(old) : updater;
}

export type DataTableProps<TData extends RowData> = {
  /** Stable column definitions (module scope or memoised). */
  columns: DataTableColumn<TData>[];
  /** The current page, already filtered, sorted and paginated by the server. */
  data: TData[];
  getRowId: (row: TData) => string;
  total: number;
  /** False when total is a lower bound or an estimate ("more than …"). */
  totalExact?: boolean;
  hasMore?: boolean;
  defaultSort: { id: string; desc: boolean };
  defaultPageSize?: number;
  /** Columns hidden until someone ticks them in the Columns menu (keeps the default view within the screen). */
  defaultHidden?: string[];
  /** Shown as the table's accessible name. */
  label: string;
  /** Bulk actions for the selected ids; selection is off without it. */
  bulkActions?: (ids: string[], clear: () => void) => React.ReactNode;
  empty?: React.ReactNode;
  toolbar?: React.ReactNode;
  testId?: string;
};

/**
 * A server-side table: sorting, pagination and hidden columns are URL search params
 * (sort, order, page, pageSize, hide) so a reload or a shared link shows the same view;
 * the page (a server component) reads them, queries, and passes the rows back in.
 */
export function DataTable<TData extends RowData>(props: DataTableProps<TData>) {
  const { columns, data, getRowId, total, totalExact = true, defaultSort, defaultPageSize = 50, label, testId = "data-table" } = props;
  const defaultHidden = useMemo(() => [...(props.defaultHidden ?? [])].sort(), [props.defaultHidden]);
  const { params, update, pending } = useUrlState();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});

  const sorting: SortingState = useMemo(() => {
    const id = params.get("sort") ?? defaultSort.id;
    const order = params.get("order");
    return [{ id, desc: order ? order === "desc" : defaultSort.desc }];
  }, [params, defaultSort.id, defaultSort.desc]);

  const pagination: PaginationState = useMemo(() => {
    const page = Math.max(1, Number(params.get("page")) || 1);
    const pageSize = Number(params.get("pageSize")) || defaultPageSize;
    return { pageIndex: page - 1, pageSize };
  }, [params, defaultPageSize]);

  // hide=a,b lists the hidden columns; hide=none shows them all; no hide: the default.
  const columnVisibility: ColumnVisibilityState = useMemo(() => {
    const hide = params.get("hide");
    const hidden = hide === null ? defaultHidden : hide.split(",").filter((id) => id && id !== "none");
    return Object.fromEntries(hidden.map((id) => [id, false]));
  }, [params, defaultHidden]);

  const selectionColumn = useMemo<DataTableColumn<TData>[]>(
    () =>
      props.bulkActions
        ? [
            {
              id: "select",
              enableSorting: false,
              enableHiding: false,
              meta: { label: "Select", className: "w-8" },
              header: ({ table }) => (
                <input
                  type="checkbox"
                  aria-label="Select all rows on this page"
                  data-testid="select-all"
                  className="h-4 w-4 accent-brand-600"
                  checked={table.getIsAllPageRowsSelected()}
                  ref={(el) => {
                    if (el) el.indeterminate = !table.getIsAllPageRowsSelected() && table.getIsSomePageRowsSelected();
                  }}
                  onChange={table.getToggleAllPageRowsSelectedHandler()}
                />
              ),
              cell: ({ row }) => (
                <input
                  type="checkbox"
                  aria-label="Select row"
                  data-testid="select-row"
                  className="h-4 w-4 accent-brand-600"
                  checked={row.getIsSelected()}
                  disabled={!row.getCanSelect()}
                  onChange={row.getToggleSelectedHandler()}
                />
              ),
            },
          ]
        : [],
    [props.bulkActions],
  );
  const allColumns = useMemo(() => [...selectionColumn, ...columns], [selectionColumn, columns]);

  const table = useTable({
    features: dataTableFeatures,
    columns: allColumns,
    data,
    getRowId,
    rowCount: total,
    manualSorting: true,
    manualPagination: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    enableRowSelection: Boolean(props.bulkActions),
    state: { sorting, pagination, columnVisibility, rowSelection },
    onSortingChange: (u) => {
      const [next] = apply(u, sorting);
      if (next) update({ sort: next.id, order: next.desc ? "desc" : "asc" }, { resetPage: true });
    },
    onPaginationChange: (u) => {
      const next = apply(u, pagination);
      update({ page: next.pageIndex > 0 ? String(next.pageIndex + 1) : null, pageSize: next.pageSize !== defaultPageSize ? String(next.pageSize) : null });
    },
    onColumnVisibilityChange: (u) => {
      const next = apply(u, columnVisibility);
      const hidden = Object.entries(next).filter(([, v]) => v === false).map(([k]) => k).sort();
      const isDefault = hidden.join(",") === defaultHidden.join(",");
      update({ hide: isDefault ? null : hidden.length ? hidden.join(",") : "none" });
    },
    onRowSelectionChange: setRowSelection,
  });

  const selectedIds = Object.keys(rowSelection).filter((id) => rowSelection[id]);
  const clearSelection = () => setRowSelection({});
  const { pageIndex, pageSize } = pagination;
  const first = data.length ? pageIndex * pageSize + 1 : 0;
  const last = pageIndex * pageSize + data.length;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const canNext = props.hasMore ?? pageIndex + 1 < pageCount;
  const totalLabel = `${total.toLocaleString("en-US")}${totalExact ? "" : "+"}`;

  return (
    <div className="space-y-3" data-testid={testId}>
      <div className="flex items-end gap-2">
        <div className="min-w-0 flex-1">{props.toolbar}</div>
        <div className="ml-auto flex shrink-0 items-center gap-2">
          <ColumnMenu table={table} />
        </div>
      </div>

      {props.bulkActions && selectedIds.length > 0 ? (
        <div
          role="region"
          aria-label="Bulk actions"
          data-testid="bulk-actions"
          className="flex flex-wrap items-center gap-3 rounded-md border border-brand-500/40 bg-brand-50 px-3 py-2 text-sm dark:bg-brand-700/20"
        >
          <span data-testid="selected-count">{selectedIds.length} selected</span>
          {props.bulkActions(selectedIds, clearSelection)}
          <button type="button" className="ml-auto text-sm underline" onClick={clearSelection}>
            Clear selection
          </button>
        </div>
      ) : null}

      <div
        className={cn(
          "overflow-x-auto rounded-lg border border-slate-200 bg-white transition-opacity dark:border-slate-800 dark:bg-slate-900",
          pending && "opacity-60",
        )}
        aria-busy={pending}
      >
        <table className="w-full border-collapse text-sm" aria-label={label} data-testid={`${testId}-table`}>
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500 dark:bg-slate-800/50 dark:text-slate-400">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const canSort = header.column.getCanSort();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                      className={cn("whitespace-nowrap px-2.5 py-2 font-medium", header.column.columnDef.meta?.className)}
                    >
                      {header.isPlaceholder ? null : canSort ? (
                        <button
                          type="button"
                          data-testid={`sort-${header.column.id}`}
                          className="inline-flex items-center gap-1 rounded uppercase hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 dark:hover:text-slate-100"
                          onClick={header.column.getToggleSortingHandler()}
                        >
                          <table.FlexRender header={header} />
                          <span aria-hidden className="text-[10px]">
                            {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                          </span>
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr
                key={row.id}
                data-testid={`${testId}-row`}
                data-row-id={row.id}
                aria-selected={props.bulkActions ? row.getIsSelected() : undefined}
                className={cn(
                  "border-t border-slate-100 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/40",
                  row.getIsSelected() && "bg-brand-50/60 dark:bg-brand-700/10",
                )}
              >
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={cn("px-2.5 py-2 align-top", cell.column.columnDef.meta?.className)}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {data.length === 0 ? <div className="p-4">{props.empty ?? <p className="text-center text-sm text-slate-500">No rows.</p>}</div> : null}
      </div>

      <nav aria-label="Pagination" className="flex flex-wrap items-center gap-3 text-sm text-slate-600 dark:text-slate-400">
        <span data-testid="page-summary">
          {data.length ? `${first.toLocaleString("en-US")}–${last.toLocaleString("en-US")} of ${totalLabel}` : `0 of ${totalLabel}`}
        </span>
        <label className="flex items-center gap-1">
          Rows per page
          <select
            className="rounded-md border border-slate-300 bg-white px-1.5 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
            value={pageSize}
            data-testid="page-size"
            onChange={(e) => update({ pageSize: Number(e.target.value) === defaultPageSize ? null : e.target.value, page: null })}
          >
            {[...new Set([...PAGE_SIZES, pageSize])].sort((a, b) => a - b).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <div className="ml-auto flex items-center gap-2">
          <span>
            Page {pageIndex + 1}
            {totalExact ? ` of ${pageCount.toLocaleString("en-US")}` : ""}
          </span>
          <PageButton label="Previous page" testId="page-prev" disabled={pageIndex === 0} onClick={() => table.previousPage()}>
            ‹ Prev
          </PageButton>
          <PageButton label="Next page" testId="page-next" disabled={!canNext} onClick={() => table.setPageIndex(pageIndex + 1)}>
            Next ›
          </PageButton>
        </div>
      </nav>
    </div>
  );
}

function PageButton(props: { label: string; testId: string; disabled: boolean; onClick: () => void; children: React.ReactNode }) {
  return (
    <button
      type="button"
      aria-label={props.label}
      data-testid={props.testId}
      disabled={props.disabled}
      onClick={props.onClick}
      className="rounded-md border border-slate-300 px-2 py-1 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-40 dark:border-slate-700 dark:hover:bg-slate-800"
    >
      {props.children}
    </button>
  );
}

function ColumnMenu<TData extends RowData>({ table }: { table: { getAllLeafColumns: () => Array<Column<DataTableFeatures, TData, unknown>> } }) {
  const columns = table.getAllLeafColumns().filter((c) => c.getCanHide());
  return (
    <details className="relative" data-testid="column-menu">
      <summary className="cursor-pointer list-none rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800">
        Columns
      </summary>
      <fieldset className="absolute right-0 z-20 mt-1 w-56 space-y-1 rounded-md border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900">
        <legend className="sr-only">Visible columns</legend>
        {columns.map((c) => (
          <label key={c.id} className="flex items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-slate-50 dark:hover:bg-slate-800">
            <input type="checkbox" className="h-4 w-4 accent-brand-600" checked={c.getIsVisible()} onChange={(e) => c.toggleVisibility(e.target.checked)} />
            {c.columnDef.meta?.label ?? (typeof c.columnDef.header === "string" ? c.columnDef.header : c.id)}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

/** A cell link to a row's page; keyboard users reach rows through these links. */
export function RowLink({ href, children, testId }: { href: string; children: React.ReactNode; testId?: string }) {
  return (
    <Link href={href} data-testid={testId} className="font-medium text-brand-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 dark:text-brand-100">
      {children}
    </Link>
  );
}
