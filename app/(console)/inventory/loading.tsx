export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite" className="space-y-3" data-testid="inventory-loading">
      <div className="h-7 w-40 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-4 w-96 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      <div className="mt-6 flex gap-2">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="h-8 w-28 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
        ))}
      </div>
      <div className="space-y-1 pt-2">
        {Array.from({ length: 10 }, (_, i) => (
          <div key={i} className="h-10 animate-pulse rounded bg-slate-100 dark:bg-slate-800/60" />
        ))}
      </div>
      <span className="sr-only">Loading secrets…</span>
    </div>
  );
}
