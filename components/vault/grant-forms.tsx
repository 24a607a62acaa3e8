"use client";
import { useActionState, useEffect, useState } from "react";
import { issueGrantAction, revokeGrantAction } from "@/app/(console)/vault/actions";
import { ConfirmAction } from "@/components/org/confirm-action";
import { SimpleTable } from "@/components/ui/simple-table";
import { utc } from "@/components/org/format";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { Field, FormError, Input, Select } from "@/components/ui/form";
import { grantDurationLabels, grantDurations } from "@/lib/domain/vault/schemas";
import type { TActionResult } from "@/lib/form-action";

/** A grant as the browser gets it (dates as ISO strings). */
export type TGrantRowView = {
  id: string;
  principalType: string;
  principalLabel: string;
  mine: boolean;
  secretId: string | null;
  secretPath: string | null;
  pathPattern: string | null;
  capabilities: string[];
  reason: string;
  grantedAt: string;
  grantedBy: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  status: "active" | "expired" | "revoked";
};

export const grantStatusTone = { active: "green", expired: "gray", revoked: "red" } as const;

export function RevokeGrant({ grant }: { grant: TGrantRowView }) {
  return (
    <ConfirmAction
      action={revokeGrantAction.bind(null, grant.id)}
      label="Revoke"
      variant="secondary"
      confirm={`Revoke ${grant.principalLabel}'s grant on ${grant.secretPath ?? grant.pathPattern}? Reads it allowed are refused from now on.`}
      testId={`revoke-grant-${grant.id}`}
    />
  );
}

/** The active grants that cover one secret; Revoke for people who manage grants. */
export function SecretGrantList({ grants, manage }: { grants: TGrantRowView[]; manage: boolean }) {
  return (
    <SimpleTable
      label="Active grants"
      head={["Who", "Covers", "Expires", "Reason", "Issued by", "Last used", ...(manage ? [<span className="sr-only">Actions</span>] : [])]}
      cellClassNames={["px-2 py-1.5", "px-2 py-1.5 font-mono text-xs", "whitespace-nowrap px-2 py-1.5 text-xs", "max-w-xs break-words px-2 py-1.5 text-xs", "px-2 py-1.5 text-xs", "whitespace-nowrap px-2 py-1.5 text-xs", "px-2 py-1.5"]}
      rows={grants.map((g) => ({
        key: g.id,
        props: { className: "border-t border-slate-100 align-top dark:border-slate-800", "data-testid": "grant-row", "data-grant-id": g.id },
        cells: [
          <>
            <span className="break-words">{g.principalLabel}</span> {g.mine ? <Badge tone="blue">you</Badge> : null}
            {g.principalType !== "user" ? <div className="text-xs text-slate-500">{g.principalType}</div> : null}
          </>,
          g.secretId ? "this secret" : g.pathPattern,
          g.expiresAt ? utc(g.expiresAt) : "never",
          g.reason || "—",
          <>
            <div className="break-words">{g.grantedBy}</div>
            <div className="text-slate-500">{utc(g.grantedAt)}</div>
          </>,
          g.lastUsedAt ? utc(g.lastUsedAt) : "never",
          ...(manage ? [<RevokeGrant grant={g} />] : []),
        ],
      }))}
    />
  );
}

/** Issue a read grant on this secret to one person, for a while, for a reason. */
export function IssueGrantForm({
  secretId,
  candidates,
  selfGrants,
}: {
  secretId: string;
  candidates: Array<{ id: string; email: string; name: string; role: string }>;
  /** KEYWARD_VAULT_ALLOW_SELF_GRANT: break-glass self-grants are on, so the issuer is listed too. */
  selfGrants: boolean;
}) {
  const [state, action, pending] = useActionState(issueGrantAction.bind(null, secretId), { ok: false } as TActionResult);
  const [key, setKey] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    if (state.ok) {
      setDone(state.message ?? "Granted.");
      setKey((k) => k + 1); // a fresh form for the next grant
    } else if (state.message) setDone(null);
  }, [state]);
  const err = state.ok ? {} : (state.fieldErrors ?? {});
  return (
    <form action={action} key={key} className="mt-4 space-y-2 border-t border-slate-100 pt-4 dark:border-slate-800" data-testid="issue-grant-form" autoComplete="off" noValidate>
      <h3 className="text-sm font-semibold">Issue a read grant</h3>
      <p className="text-xs text-slate-500">
        Lets one person reveal this secret&apos;s values in the console or read them through the API, with a reason each time, until the grant expires. Only people whose role may
        read these values are listed
        {selfGrants ? " (you too: break-glass self-grants are on, and each one is marked for auditors)." : ", never you: a grant needs a second person, so ask another member of security."}
      </p>
      <FormError message={!state.ok ? state.message : null} />
      {done ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-300">
          {done}
        </p>
      ) : null}
      <div className="grid gap-2 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)] sm:items-start">
        <Field label="Person" name="userId" errors={err.userId}>
          <Select id="userId" name="userId" defaultValue="" required>
            <option value="" disabled>
              Choose a person…
            </option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.email} ({c.role})
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Expires after" name="duration" errors={err.duration}>
          <Select id="duration" name="duration" defaultValue="1h">
            {(Object.keys(grantDurations) as Array<keyof typeof grantDurations>).map((d) => (
              <option key={d} value={d}>
                {grantDurationLabels[d]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field label="Reason (recorded in the audit trail)" name="reason" errors={err.reason}>
        <Input id="reason" name="reason" maxLength={500} placeholder="INC-1234: verify the key the payment service uses" />
      </Field>
      <Button type="submit" disabled={pending} data-testid="issue-grant">
        {pending ? "Issuing…" : "Issue grant"}
      </Button>
    </form>
  );
}
