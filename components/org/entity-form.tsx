"use client";
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select, Textarea } from "@/components/ui/form";
import type { TActionResult } from "@/lib/form-action";
import { CopyButton } from "./copy-button";

export type TOption = { value: string; label: string };
export type TFieldSpec = {
  name: string;
  label: string;
  type: "text" | "email" | "password" | "number" | "textarea" | "select" | "checkboxes";
  options?: TOption[];
  defaultValue?: string | string[];
  hint?: string;
  required?: boolean;
  placeholder?: string;
  /** Rendered only while another (select) field has this value. */
  showWhen?: { field: string; value: string };
};

type Action = (prev: TActionResult, fd: FormData) => Promise<TActionResult>;

/**
 * A form bound to a server action: field errors from the domain's zod parse appear under their
 * fields, other failures above the form, and a one-time value (a new token) below it.
 */
export function EntityForm({
  action,
  fields,
  submitLabel,
  successMessage,
  testId,
}: {
  action: Action;
  fields: TFieldSpec[];
  submitLabel: string;
  successMessage?: string;
  testId?: string;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false } as TActionResult);
  const [watched, setWatched] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.filter((f) => f.type === "select").map((f) => [f.name, String(f.defaultValue ?? f.options?.[0]?.value ?? "")])),
  );
  const errors = state.fieldErrors ?? {};
  // Errors on nested or unknown keys (e.g. "_" or "config") still need a visible home.
  const shown = new Set(fields.map((f) => f.name));
  const orphan = Object.entries(errors).filter(([k]) => !shown.has(k)).map(([k, v]) => `${k === "_" ? "" : `${k}: `}${v.join(" ")}`);

  return (
    <form action={formAction} className="max-w-xl space-y-4" data-testid={testId} noValidate>
      {!state.ok && state.message ? <FormError message={[state.message, ...orphan].join(" ")} /> : null}
      {state.ok && successMessage ? (
        <p role="status" className="rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
          {successMessage}
        </p>
      ) : null}
      {state.ok && state.reveal ? (
        <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950" data-testid="reveal">
          <p className="font-medium">Copy it now: it will not be shown again.</p>
          <div className="flex items-center gap-2">
            <code className="min-w-0 flex-1 break-all rounded bg-white px-2 py-1 font-mono text-xs dark:bg-slate-900" data-testid="revealed-value">
              {state.reveal}
            </code>
            <CopyButton value={state.reveal} />
          </div>
        </div>
      ) : null}
      {fields.map((f) => {
        if (f.showWhen && watched[f.showWhen.field] !== f.showWhen.value) return null;
        const err = errors[f.name];
        const common = {
          id: f.name,
          name: f.name,
          required: f.required,
          placeholder: f.placeholder,
          "aria-invalid": err ? true : undefined,
          "aria-describedby": err ? `${f.name}-error` : undefined,
        };
        let control: React.ReactNode;
        if (f.type === "textarea") control = <Textarea {...common} rows={3} defaultValue={f.defaultValue as string | undefined} />;
        else if (f.type === "select")
          control = (
            <Select {...common} defaultValue={f.defaultValue as string | undefined} onChange={(e) => setWatched((w) => ({ ...w, [f.name]: e.target.value }))}>
              {f.options?.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </Select>
          );
        else if (f.type === "checkboxes") {
          const selected = new Set(Array.isArray(f.defaultValue) ? f.defaultValue : []);
          control = f.options?.length ? (
            <fieldset
              aria-label={f.label}
              aria-describedby={err ? `${f.name}-error` : undefined}
              className="max-h-52 space-y-1 overflow-y-auto rounded-md border border-slate-300 p-2 dark:border-slate-700"
            >
              {f.options.map((o) => (
                <label key={o.value} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name={f.name} value={o.value} defaultChecked={selected.has(o.value)} className="h-4 w-4 accent-brand-600" />
                  {o.label}
                </label>
              ))}
            </fieldset>
          ) : (
            <p className="text-sm text-slate-500">Nothing to choose from yet.</p>
          );
        } else control = <Input {...common} type={f.type} defaultValue={f.defaultValue as string | undefined} autoComplete={f.type === "password" ? "new-password" : undefined} />;
        return (
          <Field key={`${f.name}-${f.showWhen?.value ?? ""}`} label={f.label} name={f.name} errors={err} hint={f.hint}>
            {control}
          </Field>
        );
      })}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : submitLabel}
      </Button>
    </form>
  );
}
