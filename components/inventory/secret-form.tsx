"use client";
import { useActionState } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { Field, FormError, Input, Select, Textarea } from "@/components/ui/form";
import type { TSecretFormResult } from "@/app/(console)/inventory/actions";
import {
  classificationLabels,
  classifications,
  environmentLabels,
  environments,
  secretStatuses,
  secretTypes,
  statusLabels,
  typeLabels,
} from "@/lib/domain/inventory/schemas";

export type TSecretFormValues = {
  name: string;
  path: string;
  description: string;
  type: string;
  environment: string;
  classification: string;
  status: string;
  ownerTeamId: string;
  backendId: string;
  externalRef: string;
  rotationPeriodDays: string;
  lastRotatedAt: string;
  expiresAt: string;
  tags: string;
  applicationIds: string[];
  dynamic: boolean;
  /** Stored instants behind the date inputs (edit), so an untouched day keeps its time. */
  orig?: { lastRotatedAt?: string; expiresAt?: string };
};

type Option = { id: string; name: string };

/**
 * Create and edit form for a secret's metadata (never its value). Errors from the domain's zod
 * parse appear under their fields; what was typed stays after a refusal.
 */
export function SecretForm(props: {
  mode: "create" | "edit";
  action: (prev: TSecretFormResult, fd: FormData) => Promise<TSecretFormResult>;
  initial: TSecretFormValues;
  teams: Option[];
  /** Whether "No owner team" may be chosen (roles scoped to their teams must pick one). */
  allowUnowned: boolean;
  backends: Array<Option & { kind: string }>;
  applications: Option[];
  cancelHref: string;
}) {
  const [state, formAction, pending] = useActionState(props.action, { ok: false } as TSecretFormResult);
  const errors = state.fieldErrors ?? {};
  const sent = state.values;
  const v = (k: keyof TSecretFormValues): string => (sent ? String(sent[k] ?? "") : String(props.initial[k] ?? ""));
  const apps = new Set(sent ? ((sent.applicationIds as string[] | undefined) ?? []) : props.initial.applicationIds);
  const dynamic = sent ? sent.dynamic === "on" : props.initial.dynamic;
  const known = new Set(["name", "path", "description", "type", "environment", "classification", "status", "ownerTeamId", "backendId", "externalRef", "rotationPeriodDays", "lastRotatedAt", "expiresAt", "tags", "applicationIds", "dynamic"]);
  const orphan = Object.entries(errors)
    .filter(([k]) => !known.has(k.split(".")[0]))
    .map(([k, msgs]) => `${k === "_" ? "" : `${k}: `}${msgs.join(" ")}`);
  const err = (name: string) =>
    Object.entries(errors)
      .filter(([k]) => k === name || k.startsWith(`${name}.`))
      .flatMap(([, m]) => m);
  const aria = (name: string) => (err(name).length ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {});
  // The key remounts the fields with what was sent, so React's reset after the action keeps it.
  const key = sent ? JSON.stringify(sent) : "initial";

  return (
    <form action={formAction} className="max-w-3xl space-y-5" data-testid="secret-form" noValidate key={key}>
      {props.initial.orig?.lastRotatedAt ? <input type="hidden" name="orig.lastRotatedAt" value={props.initial.orig.lastRotatedAt} /> : null}
      {props.initial.orig?.expiresAt ? <input type="hidden" name="orig.expiresAt" value={props.initial.orig.expiresAt} /> : null}
      {!state.ok && state.message ? <FormError message={[state.message, ...orphan].join(" ")} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" name="name" errors={err("name")} hint="Letters, digits, dots, dashes, underscores.">
          <Input id="name" name="name" required defaultValue={v("name")} autoComplete="off" {...aria("name")} />
        </Field>
        <Field
          label="Path"
          name="path"
          errors={err("path")}
          hint={props.mode === "create" ? "Leave empty for <env>/<team>/<first consumer>/<name>." : "Workloads address the secret by its path."}
        >
          <Input id="path" name="path" defaultValue={v("path")} autoComplete="off" className="font-mono" {...aria("path")} />
        </Field>
        <Field label="Type" name="type" errors={err("type")}>
          <Select id="type" name="type" defaultValue={v("type")} {...aria("type")}>
            {secretTypes.map((t) => (
              <option key={t} value={t}>
                {typeLabels[t]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Environment" name="environment" errors={err("environment")}>
          <Select id="environment" name="environment" defaultValue={v("environment")} {...aria("environment")}>
            {environments.map((e) => (
              <option key={e} value={e}>
                {environmentLabels[e]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Classification" name="classification" errors={err("classification")}>
          <Select id="classification" name="classification" defaultValue={v("classification")} {...aria("classification")}>
            {classifications.map((c) => (
              <option key={c} value={c}>
                {classificationLabels[c]}
              </option>
            ))}
          </Select>
        </Field>
        {props.mode === "edit" ? (
          <Field label="Status" name="status" errors={err("status")}>
            <Select id="status" name="status" defaultValue={v("status")} {...aria("status")}>
              {secretStatuses.map((s) => (
                <option key={s} value={s}>
                  {statusLabels[s]}
                </option>
              ))}
            </Select>
          </Field>
        ) : null}
        <Field label="Owner team" name="ownerTeamId" errors={err("ownerTeamId")}>
          <Select id="ownerTeamId" name="ownerTeamId" defaultValue={v("ownerTeamId")} {...aria("ownerTeamId")}>
            {props.allowUnowned ? <option value="">No owner team</option> : null}
            {props.teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Backend" name="backendId" errors={err("backendId")} hint="Where the secret lives.">
          <Select id="backendId" name="backendId" defaultValue={v("backendId")} {...aria("backendId")}>
            {props.backends.length === 0 ? <option value="">No backends configured</option> : null}
            {props.backends.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="External reference" name="externalRef" errors={err("externalRef")} hint="ARN, Vault path or file location (optional).">
          <Input id="externalRef" name="externalRef" defaultValue={v("externalRef")} autoComplete="off" {...aria("externalRef")} />
        </Field>
        <Field label="Rotation period (days)" name="rotationPeriodDays" errors={err("rotationPeriodDays")} hint="Empty: no rotation policy.">
          <Input id="rotationPeriodDays" name="rotationPeriodDays" type="number" min={1} max={3650} inputMode="numeric" defaultValue={v("rotationPeriodDays")} {...aria("rotationPeriodDays")} />
        </Field>
        <Field label="Last rotated" name="lastRotatedAt" errors={err("lastRotatedAt")}>
          <Input id="lastRotatedAt" name="lastRotatedAt" type="date" defaultValue={v("lastRotatedAt")} {...aria("lastRotatedAt")} />
        </Field>
        <Field label="Expires" name="expiresAt" errors={err("expiresAt")}>
          <Input id="expiresAt" name="expiresAt" type="date" defaultValue={v("expiresAt")} {...aria("expiresAt")} />
        </Field>
        <Field label="Tags" name="tags" errors={err("tags")} hint="Comma-separated, e.g. payments, pci.">
          <Input id="tags" name="tags" defaultValue={v("tags")} autoComplete="off" {...aria("tags")} />
        </Field>
      </div>
      <Field label="Description" name="description" errors={err("description")}>
        <Textarea id="description" name="description" rows={3} defaultValue={v("description")} {...aria("description")} />
      </Field>
      <fieldset className="space-y-1" aria-describedby={err("applicationIds").length ? "applicationIds-error" : undefined}>
        <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">Consumers</legend>
        {props.applications.length ? (
          <div className="grid max-h-52 gap-1 overflow-y-auto rounded-md border border-slate-300 p-2 sm:grid-cols-2 dark:border-slate-700">
            {props.applications.map((a) => (
              <label key={a.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="applicationIds" value={a.id} defaultChecked={apps.has(a.id)} className="h-4 w-4 accent-brand-600" />
                {a.name}
              </label>
            ))}
          </div>
        ) : (
          <p className="text-sm text-slate-500">No applications registered yet.</p>
        )}
        {err("applicationIds").length ? (
          <p id="applicationIds-error" role="alert" className="text-xs text-red-600 dark:text-red-400">
            {err("applicationIds").join(" ")}
          </p>
        ) : null}
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" id="dynamic" name="dynamic" defaultChecked={dynamic} className="h-4 w-4 accent-brand-600" />
        Issued dynamically (short-lived leases)
      </label>
      <div className="flex gap-2">
        <Button type="submit" disabled={pending} data-testid="secret-submit">
          {pending ? "Saving…" : props.mode === "create" ? "Create secret" : "Save changes"}
        </Button>
        <ButtonLink variant="secondary" href={props.cancelHref}>
          Cancel
        </ButtonLink>
      </div>
    </form>
  );
}
