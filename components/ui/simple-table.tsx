/** Attributes of one row's <tr>: test ids, data-* for e2e selectors; a className replaces the default. */
export type TRowProps = React.HTMLAttributes<HTMLTableRowElement> & { [data: `data-${string}`]: string };

/**
 * A row: its cells, or its cells with a stable React key (rows that hold state of their own, in
 * a list that can change under them) and attributes for its <tr>.
 */
export type TSimpleRow = React.ReactNode[] | { key: React.Key; cells: React.ReactNode[]; props?: TRowProps };

// Bare: inside a Section card (detail pages). Framed: a bordered panel of its own with a shaded
// header, for a table standing alone on a page. Each keeps the markup it was written with.
const looks = {
  bare: { wrapper: "overflow-x-auto", head: "text-left text-xs uppercase tracking-wide text-slate-500", th: "px-2 py-1 font-medium", scope: "col" },
  framed: {
    wrapper: "overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900",
    head: "bg-slate-50 text-left text-xs uppercase text-slate-500 dark:bg-slate-800/50",
    th: "px-3 py-2",
    scope: undefined,
  },
} as const;

/**
 * A plain, server-rendered table. `head` entries are usually text; a node serves e.g. a
 * screen-reader-only label. Rows come as data (`rows`, where `cellClassNames[i]` replaces the
 * default class of column i's cells), or as the caller's own <tr>s (`children`) when cells need
 * attributes of their own. With `rows` and `empty`, no rows shows `empty` instead of the table;
 * otherwise the caller shows its own message.
 */
export function SimpleTable({
  label,
  testId,
  head,
  rows,
  children,
  empty,
  cellClassNames = [],
  framed = false,
}: {
  label?: string;
  testId?: string;
  head: React.ReactNode[];
  rows?: TSimpleRow[];
  children?: React.ReactNode;
  empty?: React.ReactNode;
  cellClassNames?: readonly string[];
  framed?: boolean;
}) {
  if (rows?.length === 0 && empty !== undefined) return <div className="text-sm text-slate-500">{empty}</div>;
  const look = framed ? looks.framed : looks.bare;
  return (
    <div className={look.wrapper}>
      <table className="w-full text-sm" aria-label={label} data-testid={testId}>
        <thead className={look.head}>
          <tr>
            {head.map((h, i) => (
              <th key={i} scope={look.scope} className={look.th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows
            ? rows.map((row, i) => {
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
              })
            : children}
        </tbody>
      </table>
    </div>
  );
}
