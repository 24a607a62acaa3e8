"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { startHygieneRunAction } from "@/app/(console)/jobs/actions";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { FormError } from "@/components/ui/form";
import { RunProgress } from "@/components/ui/progress";
import { usePoll } from "@/components/ui/use-poll";

export type TJobRunView = {
  id: string;
  kind: string;
  status: "queued" | "running" | "succeeded" | "failed";
  progress: number;
  total: number;
  message: string;
  createdAt: string;
  finishedAt: string | null;
};

const tone = { queued: "gray", running: "blue", succeeded: "green", failed: "red" } as const;
const kindLabel: Record<string, string> = {
  "inventory.hygiene": "Hygiene check",
  "vault.purge": "Vault purge (versions past the recovery window)",
  "audit.verify": "Audit chain verification",
  "audit.anchor": "Audit anchor check (a noted hash)",
};
const finished = (s: TJobRunView["status"]) => s === "succeeded" || s === "failed";

/** A run's progress bar; polls /api/v1/jobs/{id} until the run finishes, so the page can be left and come back to. */
function RunRow({ initial }: { initial: TJobRunView }) {
  const [run, setRun] = useState(initial);
  const router = useRouter();
  useEffect(() => setRun(initial), [initial]);
  usePoll<TJobRunView>(finished(run.status) ? null : `/api/v1/jobs/${run.id}`, (next) => {
    setRun(next);
    if (finished(next.status)) router.refresh();
    return finished(next.status);
  });

  return (
    <li className="space-y-1 border-t border-slate-100 py-3 first:border-t-0 dark:border-slate-800" data-testid="job-run" data-run-id={run.id} data-status={run.status}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={tone[run.status]}>{run.status}</Badge>
        <span className="font-medium">{kindLabel[run.kind] ?? run.kind}</span>
        <span className="text-slate-500">started {run.createdAt.slice(0, 19).replace("T", " ")} UTC</span>
        <span className="ml-auto tabular-nums text-slate-500">{run.total > 0 ? `${run.progress.toLocaleString("en-US")} / ${run.total.toLocaleString("en-US")}` : ""}</span>
      </div>
      <RunProgress run={run} label={`${kindLabel[run.kind] ?? run.kind} progress`} />
      {run.message ? <p className="text-xs text-slate-500">{run.message}</p> : null}
    </li>
  );
}

export function JobRuns({ runs, canRun }: { runs: TJobRunView[]; canRun: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-4">
      {canRun ? (
        <div className="flex items-center gap-3">
          <Button
            type="button"
            data-testid="run-hygiene"
            disabled={pending}
            onClick={() =>
              start(async () => {
                const res = await startHygieneRunAction();
                setError(res.ok ? null : (res.message ?? "The run could not be started."));
                router.refresh();
              })
            }
          >
            {pending ? "Starting…" : "Run hygiene check now"}
          </Button>
          <span className="text-sm text-slate-500">Flags unowned, overdue, expired and unused secrets across the whole inventory.</span>
        </div>
      ) : null}
      <FormError message={error} />
      {runs.length ? (
        <ul aria-label="Recent runs" data-testid="job-runs">
          {runs.map((r) => (
            <RunRow key={r.id} initial={r} />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">No runs yet. Start one with the button above; the nightly schedule also runs it.</p>
      )}
    </div>
  );
}
