"use client";
import { useState, useTransition, type FormEvent } from "react";
import { checkAuditAnchorAction } from "@/app/(console)/audit/actions";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/form";
import { usePoll } from "@/components/ui/use-poll";

type TRun = { id: string; status: "queued" | "running" | "succeeded" | "failed"; message: string; result?: { ok?: boolean; error?: string } | null };
const finished = (r: TRun) => r.status === "succeeded" || r.status === "failed";

/**
 * "Check a noted hash": queues an anchor check (an event id and the hash noted for it) and shows
 * its outcome once the worker has run it (polls GET /api/v1/jobs/{id}).
 */
export function AnchorCheck() {
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [note, setNote] = useState<string | null>(null);
  const [run, setRun] = useState<TRun | null>(null);
  const [pending, start] = useTransition();
  const busy = pending || (run !== null && !finished(run));

  usePoll<TRun>(run && !finished(run) ? `/api/v1/jobs/${run.id}` : null, (next) => {
    setRun(next);
    return finished(next);
  });

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    start(async () => {
      const res = await checkAuditAnchorAction({ eventId: String(fd.get("eventId") ?? ""), hash: String(fd.get("hash") ?? "") });
      setFields(res.fieldErrors ?? {});
      setNote(res.ok ? null : (res.message ?? "Could not start the check."));
      setRun(res.ok && res.jobRunId ? { id: res.jobRunId, status: "queued", message: "check queued" } : null);
    });
  };

  const outcome = run && finished(run) ? (run.status === "succeeded" ? (run.result?.ok ? "ok" : "failed") : "error") : null;
  return (
    <details className="w-80 text-left" data-testid="anchor-check">
      <summary className="cursor-pointer text-right text-xs text-slate-600 dark:text-slate-400">Check a noted hash</summary>
      <form onSubmit={submit} className="mt-2 space-y-2" noValidate>
        <Field label="Event id" name="anchor-event-id" errors={fields.eventId}>
          <Input id="anchor-event-id" name="eventId" inputMode="numeric" autoComplete="off" aria-invalid={!!fields.eventId} />
        </Field>
        <Field label="Hash" name="anchor-hash" errors={fields.hash} hint="As noted: 64 hex characters, “sha256:” in front or not.">
          <Input id="anchor-hash" name="hash" className="font-mono text-xs" autoComplete="off" spellCheck={false} aria-invalid={!!fields.hash} />
        </Field>
        <Button type="submit" variant="secondary" disabled={busy} data-testid="anchor-check-submit">
          Check
        </Button>
      </form>
      <div aria-live="polite" className="mt-2 text-xs" data-testid="anchor-check-result" data-outcome={outcome ?? undefined}>
        {run && !outcome ? <p className="text-slate-500">{run.status} · {run.message}</p> : null}
        {outcome === "ok" ? <p className="text-green-700 dark:text-green-300">Matches: {run?.message}.</p> : null}
        {outcome === "failed" ? <p className="text-red-700 dark:text-red-300">Does not verify: {run?.message}.</p> : null}
        {outcome === "error" ? <p className="text-red-700 dark:text-red-300">The check could not run: {run?.result?.error ?? run?.message}</p> : null}
        {note ? <p role="alert" className="text-red-700 dark:text-red-300">{note}</p> : null}
      </div>
    </details>
  );
}
