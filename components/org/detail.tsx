import { Card } from "@/components/ui/card";

/** A titled card section for detail pages. */
export function Section({ title, actions, children, testId }: { title: string; actions?: React.ReactNode; children: React.ReactNode; testId?: string }) {
  return (
    <Card className="p-4" data-testid={testId}>
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 className="font-semibold">{title}</h2>
        {actions}
      </div>
      {children}
    </Card>
  );
}

/** Attributes of one row's <tr>: test ids, data-* for e2e selectors; a className replaces the default. */
export type TRowProps = React.HTMLAttributes<HTMLTableRowElement> & { [data: `data-${string}`]: string };

/**
 * A row: its cells, or its cells with a stable React key (rows that hold state of their own, in
 * a list that can change under them) and attributes for its <tr>.
 */
export type TSimpleRow = React.ReactNode[] | { key: React.Key; cells: React.ReactNode[]; props?: TRowProps };

/**
 * A plain table for detail pages. `head` entries are usually text; a node serves e.g. a
 * screen-reader-only label. `cellClassNames[i]` replaces the default class of column i's cells.
 * Without `empty`, the caller shows its own message for no rows.
 */
export function SimpleTable({
  label,
  head,
  rows,
  empty,
  cellClassNames = [],
}: {
  label: string;
  head: React.ReactNode[];
  rows: TSimpleRow[];
  empty?: React.ReactNode;
  cellClassNames?: readonly string[];
}) {
  if (rows.length === 0 && empty !== undefined) return <div className="text-sm text-slate-500">{empty}</div>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" aria-label={label}>
        <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col" className="px-2 py-1 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const { key, cells, props } = Array.isArray(row) ? { key: i, cells: row, props: undefined } : row;
            return (
              <tr key={key} className="border-t border-slate-100 dark:border-slate-800" {...props}>
                {cells.map((c, j) => (
                  <td key={j} className={cellClassNames[j] ?? "px-2 py-1.5 align-top"}>
                    {c}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
