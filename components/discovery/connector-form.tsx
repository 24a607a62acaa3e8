"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select, Textarea } from "@/components/ui/form";
import { createConnectorAction, updateConnectorAction } from "@/app/(console)/discovery/actions";

type TJsonSchema = {
  type?: string;
  properties?: Record<string, TJsonSchema>;
  required?: string[];
  enum?: string[];
  items?: TJsonSchema;
  description?: string;
  default?: unknown;
  maxLength?: number;
};

export type TCatalogEntry = {
  kind: string;
  label: string;
  description: string;
  capabilities: string[];
  config: TJsonSchema | null;
  credentials: TJsonSchema | null;
};

type Option = { id: string; name: string };

function humanize(key: string) {
  return key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());
}

/** One input per property of the kind's JSON Schema (from its zod configSchema). */
function SchemaFields({ prefix, schema, values, errors, secret }: { prefix: string; schema: TJsonSchema; values: Record<string, unknown>; errors: Record<string, string[]>; secret?: boolean }) {
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([key, p]) => {
        const name = `${prefix}.${key}`;
        const label = humanize(key) + (schema.required?.includes(key) && p.default === undefined ? "" : " (optional)");
        const v = values[key] ?? p.default;
        const common = { id: name, name, "data-testid": `field-${name}` };
        let input: React.ReactNode;
        if (p.enum) {
          input = (
            <Select {...common} defaultValue={String(v ?? "")}>
              {p.default === undefined ? <option value="">—</option> : null}
              {p.enum.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </Select>
          );
        } else if (p.type === "boolean") {
          input = <input type="checkbox" {...common} defaultChecked={Boolean(v)} className="h-4 w-4 accent-brand-600" />;
        } else if (p.type === "array") {
          input = <Textarea {...common} rows={4} defaultValue={Array.isArray(v) ? v.join("\n") : ""} />;
        } else if (p.type === "integer" || p.type === "number") {
          input = <Input {...common} type="number" defaultValue={v === undefined ? "" : String(v)} />;
        } else if ((p.maxLength ?? 0) > 2000) {
          input = <Textarea {...common} rows={secret ? 4 : 6} defaultValue={secret ? "" : String(v ?? "")} autoComplete="off" spellCheck={false} />;
        } else {
          input = <Input {...common} type={secret ? "password" : "text"} defaultValue={secret ? "" : String(v ?? "")} autoComplete="off" />;
        }
        return (
          <Field key={name} label={label} name={name} errors={errors[name]} hint={p.description}>
            {input}
          </Field>
        );
      })}
    </>
  );
}

/** Reads the form back into typed objects, guided by the same schema. */
function collect(fd: FormData, prefix: string, schema: TJsonSchema | null, skipEmpty: boolean): Record<string, unknown> | undefined {
  if (!schema?.properties) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, p] of Object.entries(schema.properties)) {
    const raw = fd.get(`${prefix}.${key}`);
    if (p.type === "boolean") {
      out[key] = raw === "on";
      continue;
    }
    const s = typeof raw === "string" ? raw : "";
    if (s.trim() === "") continue;
    if (p.type === "array") out[key] = s.split(/\r?\n/).map((x) => x.trim()).filter(Boolean);
    else if (p.type === "integer" || p.type === "number") out[key] = Number(s);
    else out[key] = s;
  }
  if (skipEmpty && Object.keys(out).length === 0) return undefined;
  return out;
}

export function ConnectorForm(props: {
  catalog: TCatalogEntry[];
  teams: Option[];
  backends: Option[];
  /** Editing an existing connector: its id, kind and current values (never credentials). */
  existing?: { id: string; kind: string; name: string; description: string; config: Record<string, unknown>; ownerTeamId: string | null; backendId: string | null; schedule: string | null; enabled: boolean; hasCredentials: boolean };
}) {
  const router = useRouter();
  const [kind, setKind] = useState(props.existing?.kind ?? props.catalog[0]!.kind);
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; message?: string; fieldErrors?: Record<string, string[]> } | null>(null);
  const entry = props.catalog.find((c) => c.kind === kind)!;
  const errors = result?.fieldErrors ?? {};
  const ex = props.existing;

  return (
    <form
      className="max-w-2xl space-y-4"
      data-testid="connector-form"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        const base = {
          name: String(fd.get("name") ?? ""),
          description: String(fd.get("description") ?? ""),
          config: collect(fd, "config", entry.config, false) ?? {},
          ownerTeamId: String(fd.get("ownerTeamId") ?? "") || null,
          backendId: String(fd.get("backendId") ?? "") || null,
          schedule: String(fd.get("schedule") ?? "").trim() || null,
          enabled: fd.get("enabled") === "on",
        };
        const credentials = collect(fd, "credentials", entry.credentials, true);
        start(async () => {
          if (ex) {
            const res = await updateConnectorAction(ex.id, { ...base, ...(credentials ? { credentials } : {}) });
            setResult(res);
            if (res.ok) router.refresh();
          } else {
            const res = await createConnectorAction({ kind, ...base, ...(credentials ? { credentials } : {}) });
            setResult(res);
            if (res.ok && res.id) router.push(`/discovery/${res.id}`);
          }
        });
      }}
    >
      <FormError message={result && !result.ok ? result.message : null} />
      {result?.ok && result.message ? <p role="status" className="text-sm text-emerald-700 dark:text-emerald-300">{result.message}</p> : null}
      {ex ? null : (
        <Field label="Kind" name="kind" hint={entry.description}>
          <Select id="kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value)} data-testid="field-kind">
            {props.catalog.map((c) => (
              <option key={c.kind} value={c.kind}>
                {c.label}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <Field label="Name" name="name" errors={errors.name}>
        <Input id="name" name="name" defaultValue={ex?.name ?? ""} required data-testid="field-name" />
      </Field>
      <Field label="Description (optional)" name="description" errors={errors.description}>
        <Input id="description" name="description" defaultValue={ex?.description ?? ""} />
      </Field>
      <fieldset className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-800" key={`config-${kind}`}>
        <legend className="px-1 text-sm font-semibold">Settings</legend>
        {entry.config ? <SchemaFields prefix="config" schema={entry.config} values={ex?.config ?? {}} errors={errors} /> : null}
      </fieldset>
      {entry.credentials ? (
        <fieldset className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-800" key={`creds-${kind}`}>
          <legend className="px-1 text-sm font-semibold">Credentials</legend>
          <p className="text-xs text-slate-500">
            Stored encrypted in the Keyward vault; only their vault path is kept with the connector.
            {ex?.hasCredentials ? " Leave empty to keep the stored ones." : ""}
          </p>
          <SchemaFields prefix="credentials" schema={entry.credentials} values={{}} errors={errors} secret />
        </fieldset>
      ) : null}
      <Field label="Owner team (optional)" name="ownerTeamId" errors={errors.ownerTeamId} hint="Owns the findings unless CODEOWNERS names a team.">
        <Select id="ownerTeamId" name="ownerTeamId" defaultValue={ex?.ownerTeamId ?? ""}>
          <option value="">None</option>
          {props.teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </Select>
      </Field>
      {entry.capabilities.includes("secrets") || entry.capabilities.includes("accounts") ? (
        <Field label="Inventory backend (optional)" name="backendId" errors={errors.backendId} hint="Where discovered secrets are recorded; one is created for this connector when left empty.">
          <Select id="backendId" name="backendId" defaultValue={ex?.backendId ?? ""}>
            <option value="">Create one</option>
            {props.backends.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      <Field label="Schedule (optional)" name="schedule" errors={errors.schedule} hint="A cron pattern, e.g. 0 3 * * * for every night at 03:00. Empty: run on demand only.">
        <Input id="schedule" name="schedule" defaultValue={ex?.schedule ?? ""} placeholder="0 3 * * *" data-testid="field-schedule" />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={ex?.enabled ?? true} className="h-4 w-4 accent-brand-600" /> Enabled (scheduled runs)
      </label>
      <Button type="submit" disabled={pending} data-testid="save-connector">
        {pending ? "Saving…" : ex ? "Save" : "Create connector"}
      </Button>
    </form>
  );
}
