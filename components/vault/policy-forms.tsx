"use client";
import { useActionState } from "react";
import { attachPolicyAction, createPolicyAction, simulateAction, type TSimulateResult } from "@/app/(console)/vault/actions";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { Field, FormError, Input, Select, Textarea } from "@/components/ui/form";
import type { TActionResult } from "@/lib/form-action";

type TOption = { value: string; label: string };

function Ok({ state }: { state: TActionResult }) {
  return state.ok && state.message ? (
    <p role="status" className="text-sm text-emerald-700 dark:text-emerald-300">
      {state.message}
    </p>
  ) : null;
}

export function CreatePolicyForm() {
  const [state, action, pending] = useActionState(createPolicyAction, { ok: false } as TActionResult);
  const err = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-3" data-testid="policy-form" noValidate>
      <FormError message={!state.ok ? state.message : null} />
      <Ok state={state} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Name" name="name" errors={err.name}>
          <Input id="name" name="name" placeholder="payments-prod-read" required />
        </Field>
        <Field label="Description" name="description" errors={err.description}>
          <Input id="description" name="description" />
        </Field>
      </div>
      <Field
        label="Rules, one a line"
        name="rules"
        errors={err.rules ?? err["rules.0.path"]}
        hint='allow|deny <read,list,create,update,delete> <path pattern>. "+" is one segment, a final "*" any rest. Deny wins; nothing matching means denied.'
      >
        <Textarea id="rules" name="rules" rows={5} className="font-mono" defaultValue={"allow read,list prod/payments/*\ndeny read +/+/+/root-password"} required />
      </Field>
      <Button type="submit" disabled={pending} data-testid="create-policy">
        {pending ? "Creating…" : "Create policy"}
      </Button>
    </form>
  );
}

export function AttachPolicyForm({ policies, targets }: { policies: TOption[]; targets: TOption[] }) {
  const [state, action, pending] = useActionState(attachPolicyAction, { ok: false } as TActionResult);
  return (
    <form action={action} className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end" data-testid="attach-form">
      <Field label="Policy" name="policyId" errors={state.fieldErrors?.policyId}>
        <Select id="policyId" name="policyId">
          {policies.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Attach to" name="target" errors={state.fieldErrors?.identityId ?? state.fieldErrors?.teamId}>
        <Select id="target" name="target">
          {targets.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" disabled={pending || !policies.length} data-testid="attach-policy">
        Attach
      </Button>
      <div className="sm:col-span-3">
        <FormError message={!state.ok ? state.message : null} />
        <Ok state={state} />
      </div>
    </form>
  );
}

export function SimulatorForm({ principals }: { principals: TOption[] }) {
  const [state, action, pending] = useActionState(simulateAction, { ok: false } as TSimulateResult);
  const d = state.ok ? state.decision : undefined;
  return (
    <div className="space-y-3">
      <form action={action} className="grid gap-3 sm:grid-cols-[1fr_1fr_auto_auto] sm:items-end" data-testid="simulator-form">
        <Field label="Identity or person" name="principal">
          <Select id="principal" name="principal">
            {principals.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Path" name="path" errors={state.fieldErrors?.path}>
          <Input id="path" name="path" placeholder="prod/payments/api/stripe-key" required />
        </Field>
        <Field label="Capability" name="capability">
          <Select id="capability" name="capability" defaultValue="read">
            {["read", "list", "create", "update", "delete"].map((c) => (
              <option key={c}>{c}</option>
            ))}
          </Select>
        </Field>
        <Button type="submit" disabled={pending || !principals.length} data-testid="simulate">
          Check
        </Button>
      </form>
      <FormError message={!state.ok ? state.message : null} />
      {d ? (
        <div className="space-y-2 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700" data-testid="simulation">
          <p>
            <Badge tone={d.allowed ? "green" : "red"}>{d.allowed ? "allowed" : "denied"}</Badge> <span className="font-medium">{d.principal}</span>:{" "}
            <span data-testid="simulation-reason">{d.reason}</span>
          </p>
          {d.matched.length ? (
            <div>
              <p className="text-xs uppercase tracking-wide text-slate-500">Matching rules</p>
              <ul className="mt-1 space-y-0.5 font-mono text-xs">
                {d.matched.map((r, i) => (
                  <li key={i} className={r === d.decidedBy || JSON.stringify(r) === JSON.stringify(d.decidedBy) ? "font-semibold" : ""}>
                    {r.effect} {r.capabilities.join(",")} {r.path} ·{" "}
                    {r.source.kind === "policy" ? `policy ${r.source.policyName} rule ${r.source.ruleIndex + 1} (${r.source.attachedTo})` : `grant ${r.source.grantId}`}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="text-xs text-slate-500">No rule matches: denied by default.</p>
          )}
        </div>
      ) : null}
    </div>
  );
}
