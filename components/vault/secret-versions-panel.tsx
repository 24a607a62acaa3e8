"use client";
import { useActionState, useEffect, useState, useTransition } from "react";
import {
  destroyVersionAction,
  putSecretValueAction,
  recoverVersionAction,
  revealSecretValueAction,
  rollbackSecretAction,
  softDeleteVersionAction,
  type TRevealResult,
} from "@/app/(console)/vault/actions";
import { ConfirmAction } from "@/components/org/confirm-action";
import { SimpleTable } from "@/components/ui/simple-table";
import { utc } from "@/components/org/format";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { Field, FormError, Input, Select } from "@/components/ui/form";
import type { TActionResult } from "@/lib/form-action";

export type TVersionView = {
  version: number;
  stage: string | null;
  createdAt: string;
  createdBy: string;
  deletedAt: string | null;
  destroyedAt: string | null;
  keyVersion: number;
};

export const REVEAL_SECONDS = 30;
const stageTone = { current: "green", pending: "blue", previous: "gray" } as const;

/** Asks for a reason, shows the value for 30 s, then forgets it (state cleared, not just hidden). */
function Reveal({ secretId, version, disabled }: { secretId: string; version: number; disabled: boolean }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [shown, setShown] = useState<TRevealResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [left, setLeft] = useState(0);
  const [pending, start] = useTransition();

  // Leaving the page forgets the value too, also when the browser keeps the page for Back.
  useEffect(() => {
    if (!shown) return;
    const forget = () => {
      setShown(null);
      setReason("");
    };
    window.addEventListener("pagehide", forget);
    return () => window.removeEventListener("pagehide", forget);
  }, [shown]);

  useEffect(() => {
    if (!shown) return;
    setLeft(REVEAL_SECONDS);
    const timer = setInterval(() => setLeft((s) => s - 1), 1000);
    const hide = setTimeout(() => {
      setShown(null);
      setReason("");
    }, REVEAL_SECONDS * 1000);
    return () => {
      clearInterval(timer);
      clearTimeout(hide);
    };
  }, [shown]);

  if (shown) {
    const text = shown.value ?? Object.entries(shown.data ?? {}).map(([k, v]) => `${k}=${v}`).join("\n");
    return (
      <div className="space-y-1" data-testid={`revealed-${version}`}>
        <pre className="max-w-md overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs dark:bg-slate-800" data-testid="revealed-value">
          {text}
        </pre>
        <div className="flex items-center gap-2 text-xs text-slate-500">
          <span role="timer" aria-live="polite">Hidden in {left} s</span>
          <Button type="button" variant="ghost" onClick={() => setShown(null)} data-testid="hide-value">
            Hide now
          </Button>
        </div>
      </div>
    );
  }
  if (!open) {
    return (
      <Button type="button" variant="secondary" disabled={disabled} onClick={() => setOpen(true)} data-testid={`reveal-${version}`}>
        Reveal
      </Button>
    );
  }
  return (
    <form
      className="flex max-w-md flex-col gap-1"
      data-testid={`reveal-form-${version}`}
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await revealSecretValueAction(secretId, version, reason);
          if (r.ok) {
            setShown(r);
            setError(null);
            setOpen(false);
          } else setError([r.message ?? "The value could not be read.", ...Object.values(r.fieldErrors ?? {}).flat()].join(" "));
        });
      }}
    >
      <label className="text-xs font-medium" htmlFor={`reason-${version}`}>
        Why do you need to see it? (recorded in the audit trail)
      </label>
      <div className="flex gap-1">
        <Input id={`reason-${version}`} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} minLength={5} maxLength={500} required autoComplete="off" data-testid="reveal-reason" />
        <Button type="submit" disabled={pending || reason.trim().length < 5} data-testid="reveal-submit">
          {pending ? "…" : "Show"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
      {error ? (
        <span role="alert" className="text-xs text-red-600 dark:text-red-400" data-testid="reveal-error">
          {error}
        </span>
      ) : null}
    </form>
  );
}

function PutValue({ secretId, writeOnly, disabled }: { secretId: string; writeOnly: boolean; disabled: boolean }) {
  const [state, action, pending] = useActionState(putSecretValueAction.bind(null, secretId), { ok: false } as TActionResult);
  const [key, setKey] = useState(0);
  useEffect(() => {
    if (state.ok) setKey((k) => k + 1); // clears the field after a successful write
  }, [state]);
  return (
    <form action={action} key={key} className="mt-4 space-y-2 border-t border-slate-100 pt-4 dark:border-slate-800" data-testid="put-value-form" autoComplete="off">
      <h3 className="text-sm font-semibold">Store a new value</h3>
      {writeOnly ? <p className="text-xs text-slate-500">Your role may write this prod value but never read it back.</p> : null}
      <FormError message={!state.ok ? state.message : null} />
      {state.ok && state.message ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-300">
          {state.message}
        </p>
      ) : null}
      <div className="grid gap-2 sm:grid-cols-[1fr_auto_auto] sm:items-end">
        <Field label="New value" name="value" errors={state.fieldErrors?.value}>
          <Input id="value" name="value" type="password" autoComplete="new-password" spellCheck={false} required data-testid="new-value" />
        </Field>
        <Field label="Stage" name="stage">
          <Select id="stage" name="stage" defaultValue="current">
            <option value="current">current</option>
            <option value="pending">pending</option>
          </Select>
        </Field>
        <Button type="submit" disabled={pending || disabled} data-testid="put-value">
          {pending ? "Storing…" : "Store"}
        </Button>
      </div>
    </form>
  );
}

export function SecretVersionsPanel({
  secretId,
  versions,
  canReveal,
  canWrite,
  canManage,
  writeOnly,
  sealed,
}: {
  secretId: string;
  versions: TVersionView[];
  canReveal: boolean;
  canWrite: boolean;
  canManage: boolean;
  writeOnly: boolean;
  sealed: boolean;
}) {
  return (
    <div>
      {versions.length === 0 ? (
        <p className="text-sm text-slate-500">No value is stored in Keyward for this secret yet.{canWrite ? " Store one below; workloads then read it at runtime." : ""}</p>
      ) : (
        <SimpleTable
          label="Stored versions"
          head={["Version", "Stage", "Created", "Value", ...(canManage ? ["Actions"] : [])]}
          cellClassNames={["px-2 py-1.5 tabular-nums", "px-2 py-1.5", "px-2 py-1.5 text-xs", "px-2 py-1.5", "px-2 py-1.5"]}
          rows={versions.map((v) => {
            const gone = !!v.destroyedAt;
            const deleted = !!v.deletedAt && !gone;
            return {
              // Keyed by version: a Reveal's state stays with its version when a new one is added above.
              key: v.version,
              props: { className: "border-t border-slate-100 align-top dark:border-slate-800", "data-testid": `version-${v.version}` },
              cells: [
                <>v{v.version}</>,
                gone ? <Badge tone="red">destroyed</Badge> : deleted ? <Badge tone="yellow">deleted</Badge> : v.stage ? <Badge tone={stageTone[v.stage as keyof typeof stageTone] ?? "gray"}>{v.stage}</Badge> : <span className="text-slate-400">—</span>,
                <>
                  <div>{utc(v.createdAt)}</div>
                  <div className="text-slate-500">{v.createdBy} · key v{v.keyVersion}</div>
                </>,
                gone || deleted ? (
                  <span className="text-xs text-slate-400">not readable</span>
                ) : canReveal ? (
                  <Reveal secretId={secretId} version={v.version} disabled={sealed} />
                ) : (
                  <span className="font-mono text-xs text-slate-400" aria-label="hidden value">••••••••</span>
                ),
                ...(canManage
                  ? [
                      <div className="flex flex-wrap gap-1">
                        {!gone && !deleted && v.stage !== "current" ? (
                          <ConfirmAction
                            action={rollbackSecretAction.bind(null, secretId, v.version)}
                            label="Roll back"
                            variant="secondary"
                            confirm={`Make version ${v.version}'s value current again? It is stored as a new version; workloads get it on their next read.`}
                            testId={`rollback-${v.version}`}
                          />
                        ) : null}
                        {deleted ? (
                          <ConfirmAction
                            action={recoverVersionAction.bind(null, secretId, v.version)}
                            label="Recover"
                            variant="secondary"
                            confirm={`Recover version ${v.version}? It becomes readable again.`}
                            testId={`recover-${v.version}`}
                          />
                        ) : null}
                        {!gone && !deleted ? (
                          <ConfirmAction
                            action={softDeleteVersionAction.bind(null, secretId, v.version)}
                            label="Delete"
                            variant="secondary"
                            confirm={`Delete version ${v.version}? Reads of it stop; it can be recovered during the recovery window.`}
                            testId={`delete-${v.version}`}
                          />
                        ) : null}
                        {!gone ? (
                          <ConfirmAction
                            action={destroyVersionAction.bind(null, secretId, v.version)}
                            label="Destroy"
                            confirm={`Destroy version ${v.version} for good? Its data key and ciphertext are erased: nobody, administrators included, can read it again (only backups made before now still hold it). This cannot be undone.`}
                            testId={`destroy-${v.version}`}
                          />
                        ) : null}
                      </div>,
                    ]
                  : []),
              ],
            };
          })}
        />
      )}
      {canWrite ? <PutValue secretId={secretId} writeOnly={writeOnly} disabled={sealed} /> : null}
    </div>
  );
}
