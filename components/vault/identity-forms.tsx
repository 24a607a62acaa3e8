"use client";
import { useActionState } from "react";
import { createIdentityAction, rotateIdentitySecretAction, type TIdentityResult } from "@/app/(console)/vault/actions";
import { CopyButton } from "@/components/org/copy-button";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/form";

/** The client id and the client secret, shown once after creation or rotation. */
function ShownOnce({ clientId, clientSecret }: { clientId: string; clientSecret: string }) {
  return (
    <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950" data-testid="identity-credentials">
      <p className="font-medium">Copy the client secret now: it is stored only as a hash and will not be shown again.</p>
      <div className="grid gap-1">
        <span className="text-xs text-slate-500">Client id (role_id)</span>
        <div className="flex items-center gap-2">
          <code className="min-w-0 flex-1 break-all rounded bg-white px-2 py-1 font-mono text-xs dark:bg-slate-900" data-testid="client-id">{clientId}</code>
          <CopyButton value={clientId} />
        </div>
        <span className="text-xs text-slate-500">Client secret (secret_id)</span>
        <div className="flex items-center gap-2">
          <code className="min-w-0 flex-1 break-all rounded bg-white px-2 py-1 font-mono text-xs dark:bg-slate-900" data-testid="client-secret">{clientSecret}</code>
          <CopyButton value={clientSecret} />
        </div>
      </div>
    </div>
  );
}

export function CreateIdentityForm({ applications }: { applications: { id: string; name: string; environments: string[] }[] }) {
  const [state, action, pending] = useActionState(createIdentityAction, { ok: false } as TIdentityResult);
  const err = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-3" data-testid="identity-form" noValidate autoComplete="off">
      <FormError message={!state.ok ? state.message : null} />
      {state.ok && state.clientId && state.clientSecret ? <ShownOnce clientId={state.clientId} clientSecret={state.clientSecret} /> : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Application" name="applicationId" errors={err.applicationId}>
          <Select id="applicationId" name="applicationId" required>
            {applications.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Environment" name="environment" errors={err.environment}>
          <Select id="environment" name="environment" defaultValue="prod">
            <option value="dev">dev</option>
            <option value="staging">staging</option>
            <option value="prod">prod</option>
          </Select>
        </Field>
        <Field label="Name (optional)" name="name" errors={err.name} hint="Default: <application>-<environment>">
          <Input id="name" name="name" />
        </Field>
        <Field label="Token TTL (seconds)" name="tokenTtlSeconds" errors={err.tokenTtlSeconds}>
          <Input id="tokenTtlSeconds" name="tokenTtlSeconds" type="number" defaultValue={3600} min={60} />
        </Field>
        <Field label="Max TTL with renewals (seconds)" name="tokenMaxTtlSeconds" errors={err.tokenMaxTtlSeconds}>
          <Input id="tokenMaxTtlSeconds" name="tokenMaxTtlSeconds" type="number" defaultValue={86400} min={60} />
        </Field>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-600 dark:text-slate-400">JWT login (Kubernetes service accounts, CI OIDC tokens)</summary>
        <div className="mt-2 grid gap-3 sm:grid-cols-2">
          <Field label="Issuer" name="jwtIssuer" errors={err.jwtIssuer}>
            <Input id="jwtIssuer" name="jwtIssuer" placeholder="https://token.actions.githubusercontent.com" />
          </Field>
          <Field label="JWKS URL" name="jwksUrl" errors={err.jwksUrl}>
            <Input id="jwksUrl" name="jwksUrl" />
          </Field>
          <Field label="Audience" name="jwtAudience" errors={err.jwtAudience}>
            <Input id="jwtAudience" name="jwtAudience" />
          </Field>
          <Field label="Allowed subjects (space or comma separated; a trailing * matches a prefix)" name="jwtSubjects" errors={err.jwtSubjects}>
            <Input id="jwtSubjects" name="jwtSubjects" placeholder="repo:acme/payments:ref:refs/heads/main" />
          </Field>
        </div>
      </details>
      <Button type="submit" disabled={pending || applications.length === 0} data-testid="create-identity">
        {pending ? "Creating…" : "Create identity"}
      </Button>
    </form>
  );
}

export function RotateIdentitySecret({ identityId, name }: { identityId: string; name: string }) {
  const [state, action, pending] = useActionState(rotateIdentitySecretAction.bind(null, identityId), { ok: false } as TIdentityResult);
  return (
    <form
      action={action}
      className="space-y-1"
      onSubmit={(e) => {
        if (!window.confirm(`Issue a new client secret for ${name}? The current one stops working at once; tokens already issued keep working until they expire.`)) e.preventDefault();
      }}
    >
      <Button type="submit" variant="secondary" disabled={pending} data-testid={`rotate-secret-${name}`}>
        {pending ? "…" : "New client secret"}
      </Button>
      {!state.ok && state.message ? <span role="alert" className="block text-xs text-red-600">{state.message}</span> : null}
      {state.ok && state.clientId && state.clientSecret ? <ShownOnce clientId={state.clientId} clientSecret={state.clientSecret} /> : null}
    </form>
  );
}
