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

export function SimpleTable({ label, head, rows, empty }: { label: string; head: string[]; rows: React.ReactNode[][]; empty: React.ReactNode }) {
  if (rows.length === 0) return <div className="text-sm text-slate-500">{empty}</div>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" aria-label={label}>
        <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {head.map((h) => (
              <th key={h} scope="col" className="px-2 py-1 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} className="border-t border-slate-100 dark:border-slate-800">
              {r.map((c, j) => (
                <td key={j} className="px-2 py-1.5 align-top">
                  {c}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
