"use client";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState, useTransition } from "react";
import { rewrapProgressAction, rotateKeyAction, sealAction, unsealAction, type TRunView } from "@/app/(console)/vault/actions";
import { ConfirmAction } from "@/components/org/confirm-action";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { Field, FormError, Input } from "@/components/ui/form";
import { RunProgress } from "@/components/ui/progress";
import type { TActionResult } from "@/lib/form-action";

const done = (s: string) => s === "succeeded" || s === "failed";
const tone = { queued: "gray", running: "blue", succeeded: "green", failed: "red" } as const;

/** A re-wrap run's progress; polls until it finishes, so the page can be left and come back to. */
export function RewrapRun({ initial }: { initial: TRunView & { createdAt: string } }) {
  const [run, setRun] = useState(initial);
  const router = useRouter();
  useEffect(() => {
    if (done(run.status)) return;
    const timer = setInterval(async () => {
      const res = await rewrapProgressAction(run.id).catch(() => null);
      const next = res?.run;
      if (!next) return;
      setRun((r) => ({ ...r, ...next }));
      if (done(next.status)) router.refresh();
    }, 1000);
    return () => clearInterval(timer);
  }, [run.id, run.status, router]);
  return (
    <li className="space-y-1 border-t border-slate-100 py-2 first:border-t-0 dark:border-slate-800" data-testid="rewrap-run" data-status={run.status}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={tone[run.status as keyof typeof tone] ?? "gray"}>{run.status}</Badge>
        <span>Re-wrap of data keys, started {run.createdAt.slice(0, 19).replace("T", " ")} UTC</span>
        <span className="ml-auto tabular-nums text-slate-500">{run.total > 0 ? `${run.progress} / ${run.total}` : ""}</span>
      </div>
      <RunProgress run={run} label="Key rotation progress" />
      {run.message ? <p className="text-xs text-slate-500">{run.message}</p> : null}
    </li>
  );
}

export function RotateKeyButton({ disabled }: { disabled: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      <Button
        type="button"
        disabled={pending || disabled}
        data-testid="rotate-key"
        onClick={() => {
          if (!window.confirm("Start a key rotation? New writes use a new key-encryption key at once; a background job re-wraps every stored data key. Reads keep working throughout.")) return;
          start(async () => {
            const r = await rotateKeyAction();
            setError(r.ok ? null : (r.message ?? "The rotation could not be started."));
            router.refresh();
          });
        }}
      >
        {pending ? "Starting…" : "Rotate key-encryption key"}
      </Button>
      <FormError message={error} />
    </div>
  );
}

export function UnsealForm() {
  const [state, action, pending] = useActionState(unsealAction, { ok: false } as TActionResult);
  const [key, setKey] = useState(0);
  useEffect(() => {
    if (state.ok) setKey((k) => k + 1);
  }, [state]);
  return (
    <form action={action} key={key} className="space-y-2" data-testid="unseal-form" autoComplete="off">
      <FormError message={!state.ok ? state.message : null} />
      {state.ok && state.message ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-300" data-testid="unseal-status">
          {state.message}
        </p>
      ) : null}
      <Field label="Unseal share" name="key" hint="Each key holder enters their share (kwshare-v1:…); the threshold of shares rebuilds the root key in memory." errors={state.fieldErrors?.key}>
        <Input id="key" name="key" type="password" autoComplete="off" spellCheck={false} required data-testid="unseal-share" />
      </Field>
      <Button type="submit" disabled={pending} data-testid="unseal">
        {pending ? "Checking…" : "Submit share"}
      </Button>
    </form>
  );
}

export function SealButton() {
  return (
    <ConfirmAction
      action={sealAction}
      label="Seal now"
      confirm="Seal Keyward? The root key is forgotten by this server: every value read and write answers 503 until the key holders unseal it again with their shares."
      testId="seal"
    />
  );
}
