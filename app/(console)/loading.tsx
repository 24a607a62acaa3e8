export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite" className="space-y-3">
      <div className="h-7 w-48 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-4 w-80 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      <div className="mt-6 h-64 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" />
      <span className="sr-only">Loading…</span>
    </div>
  );
}
