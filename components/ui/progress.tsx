/** How far a worker's run has got, in percent: progress of total, or 100 once it succeeded without a count. */
export function runPercent(run: { status: string; progress: number; total: number }): number {
  return run.total > 0 ? Math.min(100, Math.round((run.progress / run.total) * 100)) : run.status === "succeeded" ? 100 : 0;
}

/**
 * A run's progress bar (the same for every job the workers run): red once failed, and a sliver
 * while queued or running at 0%, so a started run never looks idle.
 */
export function RunProgress({ run, label, className = "" }: { run: { status: string; progress: number; total: number }; label: string; className?: string }) {
  const pct = runPercent(run);
  const busy = run.status === "queued" || run.status === "running";
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} className={`h-2 overflow-hidden rounded bg-slate-100 dark:bg-slate-800 ${className}`}>
      <div className={`h-full transition-all ${run.status === "failed" ? "bg-red-500" : "bg-brand-600"}`} style={{ width: `${busy && pct === 0 ? 5 : pct}%` }} />
    </div>
  );
}
