"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { RunProgress } from "@/components/ui/progress";
import { usePoll } from "@/components/ui/use-poll";
import { deleteConnectorAction, runConnectorAction, testConnectorAction } from "@/app/(console)/discovery/actions";

type TRun = { status: string; progress: number; total: number; message: string };

/** Run now with a progress bar (polls GET /api/v1/jobs/{id}); test; delete. */
export function RunControls({ connectorId, activeJobRunId, canWrite }: { connectorId: string; activeJobRunId: string | null; canWrite: boolean }) {
  const router = useRouter();
  const [jobRunId, setJobRunId] = useState<string | null>(activeJobRunId);
  const [run, setRun] = useState<TRun | null>(null);
  const [note, setNote] = useState<{ ok: boolean; message?: string } | null>(null);
  const [pending, start] = useTransition();

  usePoll<TRun>(jobRunId ? `/api/v1/jobs/${jobRunId}` : null, (r) => {
    setRun(r);
    const end = r.status === "succeeded" || r.status === "failed";
    if (end) router.refresh();
    return end;
  });

  const busy = run ? run.status === "queued" || run.status === "running" : false;
  return (
    <div className="space-y-2">
      {canWrite ? (
        <div className="flex flex-wrap gap-2">
          <Button
            disabled={pending || busy}
            data-testid="run-now"
            onClick={() =>
              start(async () => {
                const res = await runConnectorAction(connectorId);
                setNote(res.ok ? null : res);
                if (res.ok && res.jobRunId) {
                  setRun({ status: "queued", progress: 0, total: 0, message: "queued" });
                  setJobRunId(res.jobRunId);
                }
              })
            }
          >
            Run now
          </Button>
          <Button variant="secondary" disabled={pending} data-testid="test-connector" onClick={() => start(async () => setNote(await testConnectorAction(connectorId)))}>
            Test connection
          </Button>
          <Button
            variant="secondary"
            disabled={pending}
            data-testid="delete-connector"
            onClick={() => {
              if (!confirm("Delete this connector and its run history? Findings and certificates it found stay.")) return;
              start(async () => {
                const res = await deleteConnectorAction(connectorId);
                if (res.ok) router.push("/discovery");
                else setNote(res);
              });
            }}
          >
            Delete
          </Button>
        </div>
      ) : null}
      {note?.message ? (
        <p role={note.ok ? "status" : "alert"} data-testid="connector-note" className={note.ok ? "text-sm text-emerald-700 dark:text-emerald-300" : "text-sm text-red-700 dark:text-red-300"}>
          {note.message}
        </p>
      ) : null}
      {run ? (
        <div data-testid="run-progress" aria-live="polite">
          <RunProgress run={run} label="Connector run progress" className="w-full max-w-md" />
          <p className="mt-1 text-xs text-slate-500">
            {run.status}
            {run.message ? ` · ${run.message}` : ""}
          </p>
        </div>
      ) : null}
    </div>
  );
}
