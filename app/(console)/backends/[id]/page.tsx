import { Badge, Card, PageHeader, Stat } from "@/components/ui/card";
import { ConfirmAction } from "@/components/org/confirm-action";
import { Section } from "@/components/org/detail";
import { EntityForm } from "@/components/org/entity-form";
import { load } from "@/components/org/guard";
import { requireActor } from "@/lib/actor";
import { can } from "@/lib/authz/permissions";
import { getBackend } from "@/lib/domain/backends/queries";
import { backendKindLabels, type TBackendKind } from "@/lib/domain/backends/schemas";
import { deleteBackendAction, updateBackendAction } from "../actions";
import { editBackendFields } from "../form-fields";

export const metadata = { title: "Backend" };

export default async function BackendPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const res = await load(() => getBackend(actor, id));
  if (!res.ok) return res.node;
  const b = { ...res.data, kind: res.data.kind as TBackendKind };
  const canWrite = can(actor.role, "backend:write");
  const config = Object.entries((b.config ?? {}) as Record<string, unknown>);
  return (
    <>
      <PageHeader
        title={b.name}
        description={b.description || undefined}
        actions={
          canWrite ? (
            <ConfirmAction
              action={deleteBackendAction.bind(null, b.id)}
              label="Delete"
              confirm={`Delete backend “${b.name}”? Backends that still hold secrets cannot be deleted.`}
              testId="delete-backend"
            />
          ) : null
        }
      />
      <div className="space-y-6">
        <div className="grid gap-4 sm:grid-cols-3">
          <Stat label="Kind" value={<span className="text-lg">{backendKindLabels[b.kind]}</span>} />
          <Stat label="Secrets" value={b.secretCount} href={`/inventory?backendId=${b.id}`} />
          <Stat label="Vaulted" value={b.vaulted ? <Badge tone="green">Vault</Badge> : <Badge tone="red">Unmanaged</Badge>} />
        </div>
        {canWrite ? (
          <Card className="p-6">
            <h2 className="mb-4 font-semibold">Settings</h2>
            <EntityForm action={updateBackendAction.bind(null, b.id)} fields={editBackendFields(b)} submitLabel="Save changes" successMessage="Saved." testId="backend-form" />
          </Card>
        ) : (
          <Section title="Settings">
            {config.length ? (
              <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
                {config.map(([k, v]) => (
                  <div key={k} className="contents">
                    <dt className="text-slate-500">{k}</dt>
                    <dd className="font-mono text-xs">{String(v)}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="text-sm text-slate-500">No settings.</p>
            )}
          </Section>
        )}
      </div>
    </>
  );
}
