"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { AnchorCheck } from "@/components/audit/anchor-check";
import { CopyButton } from "@/components/org/copy-button";
import { utc } from "@/components/org/format";
import { RunProgress } from "@/components/ui/progress";
import { usePoll } from "@/components/ui/use-poll";
import { verifyAuditChainAction } from "@/app/(console)/audit/actions";
import type { TAuditChainStatus } from "@/lib/domain/audit-log/verification";

const n = (v: number | string) => Number(v).toLocaleString("en-US");

/**
 * The newest verification of the audit chain (run by the workers), a running one's progress
 * (polls GET /api/v1/audit/verify), Verify now / Full verification, the newest verified event's
 * hash to note outside Keyward, and the form that checks a noted one.
 */
export function ChainVerification({ initial }: { initial: TAuditChainStatus }) {
  const router = useRouter();
  const [status, setStatus] = useState(initial);
  const [note, setNote] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const running = status.running;
  const runningId = running?.jobRunId;

  usePoll<TAuditChainStatus>(runningId ? "/api/v1/audit/verify" : null, (next) => {
    setStatus(next);
    if (next.running) return false;
    router.refresh(); // the completed event is in the table now
    return true;
  });

  const verify = (mode: "incremental" | "full") =>
    start(async () => {
      const res = await verifyAuditChainAction({ mode });
      setNote(res.ok ? null : (res.message ?? "Could not start the verification."));
      if (res.ok && res.jobRunId) {
        setStatus((s) => ({ ...s, running: { jobRunId: res.jobRunId!, status: "queued", progress: 0, total: 0, message: `${mode} verification queued`, requestedAt: new Date().toISOString() } }));
      }
    });

  const last = status.last;
  return (
    <div className="flex flex-col items-end gap-1.5 text-right">
      <div className="flex flex-wrap items-center justify-end gap-2">
        <span
          data-testid="chain-status"
          title={last ? `${last.mode} verification at ${utc(last.checkedAt)}: ${n(last.checked)} events checked after event #${last.fromEventId}` : undefined}
        >
          {!last ? (
            <Badge>Chain not verified yet</Badge>
          ) : last.ok ? (
            <Badge tone="green">Chain verified up to event #{last.toEventId}</Badge>
          ) : (
            <Badge tone="red">Chain broken at event #{last.brokenAt}</Badge>
          )}
        </span>
        {status.lastFailure ? (
          <span data-testid="chain-failure" title={status.lastFailure.error}>
            <Badge tone="yellow">Last verification could not run ({utc(status.lastFailure.at)})</Badge>
          </span>
        ) : null}
      </div>
      <div className="flex items-center justify-end gap-2">
        <Button variant="secondary" disabled={pending || !!running} data-testid="verify-now" onClick={() => verify("incremental")}>
          Verify now
        </Button>
        <Button variant="ghost" disabled={pending || !!running} data-testid="verify-full" onClick={() => verify("full")}>
          Full verification
        </Button>
      </div>
      {status.verified ? (
        <div className="flex items-center justify-end gap-2 text-xs text-slate-500" data-testid="chain-anchor">
          <span title={`The newest checkpoint (${utc(status.verified.at)}). Note the id and hash outside Keyward; “Check a noted hash” tells later whether the chain still leads to them.`}>
            Verified event #{status.verified.eventId}
          </span>
          <code className="max-w-[11rem] truncate font-mono text-slate-700 dark:text-slate-300" title={`sha256:${status.verified.hash}`} data-testid="chain-anchor-hash">
            sha256:{status.verified.hash}
          </code>
          <CopyButton value={`sha256:${status.verified.hash}`} />
        </div>
      ) : null}
      {last ? (
        <p className="text-xs text-slate-500" data-testid="chain-last">
          {last.mode === "full" ? "Full" : "Incremental"} · {n(last.checked)} events checked · {utc(last.checkedAt)}
        </p>
      ) : null}
      {running ? (
        <div data-testid="chain-progress" aria-live="polite" className="w-64">
          <RunProgress run={running} label="Audit verification progress" />
          <p className="mt-1 text-xs text-slate-500">
            {running.status} · {running.message}
          </p>
        </div>
      ) : null}
      {note ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-300">
          {note}
        </p>
      ) : null}
      <AnchorCheck />
    </div>
  );
}
