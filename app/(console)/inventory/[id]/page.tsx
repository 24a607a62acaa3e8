import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { Badge, PageHeader } from "@/components/ui/card";
import { ConfirmAction } from "@/components/org/confirm-action";
import { Section } from "@/components/org/detail";
import { SimpleTable } from "@/components/ui/simple-table";
import { load } from "@/components/org/guard";
import { utc } from "@/components/org/format";
import { BackendKindBadge, ClassificationBadge, EnvironmentBadge, HygieneFlags, NoOwnerBadge, OverdueBadge, StatusBadge, backendKindLabel, day } from "@/components/inventory/badges";
import { SecretVersions } from "@/components/vault/secret-versions";
import { requireActor } from "@/lib/actor";
import { permits } from "@/lib/authz/authorize";
import { can } from "@/lib/authz/permissions";
import { getSecret } from "@/lib/domain/inventory/service";
import { typeLabels } from "@/lib/domain/inventory/schemas";
import { deleteSecretAction } from "../actions";

export const metadata = { title: "Secret" };

function Item({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-3 gap-2 py-1.5 text-sm">
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="col-span-2 min-w-0 break-words" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** before/after of an audit event as "field: old → new" lines. */
function changes(before: unknown, after: unknown): string[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const show = (v: unknown) => (v === null || v === undefined ? "—" : Array.isArray(v) ? v.join(", ") || "—" : String(v));
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.slice(0, 12).map((k) => (k in b && k in a ? `${k}: ${show(b[k])} → ${show(a[k])}` : `${k}: ${show(a[k] ?? b[k])}`));
}

export default async function SecretPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const res = await load(() => getSecret(actor, id));
  if (!res.ok) return res.node;
  const s = res.data;
  return (
    <>
      <PageHeader
        title={s.name}
        description={s.path}
        actions={
          <>
            {permits(actor, "secret:update", s) ? (
              <ButtonLink href={`/inventory/${s.id}/edit`} data-testid="edit-secret">
                Edit
              </ButtonLink>
            ) : null}
            {permits(actor, "secret:delete", s) ? (
              <ConfirmAction
                action={deleteSecretAction.bind(null, s.id)}
                label="Delete"
                confirm={`Delete ${s.path} from the inventory? Its metadata and consumer links are removed; the audit trail stays.`}
                testId="delete-secret"
              />
            ) : null}
          </>
        }
      />
      <div className="mb-4 flex flex-wrap gap-1.5" data-testid="secret-badges">
        <StatusBadge status={s.status} />
        <ClassificationBadge classification={s.classification} />
        <EnvironmentBadge environment={s.environment} />
        {s.vaulted ? <Badge tone="green">Vaulted</Badge> : <Badge tone="yellow">Not vaulted</Badge>}
        {s.dynamic ? <Badge tone="blue">Dynamic</Badge> : null}
        {s.overdue ? <OverdueBadge /> : null}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Section title="Metadata" testId="secret-metadata">
          <dl className="divide-y divide-slate-100 dark:divide-slate-800">
            <Item label="Type">{typeLabels[s.type]}</Item>
            <Item label="Path" testId="secret-path">
              <code className="font-mono text-xs">{s.path}</code>
            </Item>
            <Item label="Owner team" testId="secret-owner">
              {s.ownerTeam ? (
                can(actor.role, "team:read") ? (
                  <Link className="text-brand-700 hover:underline dark:text-brand-100" href={`/teams/${s.ownerTeam.id}`}>
                    {s.ownerTeam.name}
                  </Link>
                ) : (
                  s.ownerTeam.name
                )
              ) : (
                <NoOwnerBadge />
              )}
            </Item>
            <Item label="Backend" testId="secret-backend">
              <span className="inline-flex flex-wrap items-center gap-1.5">
                <Link className="text-brand-700 hover:underline dark:text-brand-100" href={`/backends/${s.backend.id}`}>
                  {s.backend.name}
                </Link>
                {/* The kind once: not again when the name already says it ("Keyward vault"). */}
                {s.backend.name.trim().toLowerCase() === backendKindLabel(s.backend.kind).toLowerCase() ? null : <BackendKindBadge kind={s.backend.kind} full />}
              </span>
            </Item>
            <Item label="External reference">{s.externalRef ? <code className="font-mono text-xs">{s.externalRef}</code> : "—"}</Item>
            <Item label="Tags">{s.tags.length ? s.tags.map((t) => <Badge key={t}>{t}</Badge>) : "—"}</Item>
            <Item label="Description">{s.description || "—"}</Item>
            <Item label="Created">{utc(s.createdAt)}</Item>
            <Item label="Updated">{utc(s.updatedAt)}</Item>
          </dl>
        </Section>
        <div className="space-y-4">
          <Section title="Rotation" testId="secret-rotation">
            <dl className="divide-y divide-slate-100 dark:divide-slate-800">
              <Item label="Policy">{s.rotationPeriodDays ? `Every ${s.rotationPeriodDays} days` : "No rotation policy"}</Item>
              <Item label="Last rotated">{s.lastRotatedAt ? day(s.lastRotatedAt) : "Never (created " + day(s.createdAt) + ")"}</Item>
              <Item label="Next rotation due" testId="secret-next-rotation">
                {day(s.rotationDueAt)} {s.overdue ? <OverdueBadge /> : null}
              </Item>
              <Item label="Expires">{day(s.expiresAt)}</Item>
              <Item label="Last used">{day(s.lastUsedAt)}</Item>
            </dl>
          </Section>
          <Section title="Hygiene" testId="secret-hygiene">
            <HygieneFlags flags={s.hygieneFlags} />
            <p className="mt-2 text-xs text-slate-500">Checked {utc(s.hygieneCheckedAt)}</p>
          </Section>
          <Section title="Consumers" testId="secret-consumers">
            {s.consumers.length ? (
              <ul className="space-y-1 text-sm">
                {s.consumers.map((c) => (
                  <li key={c.id}>
                    <Link className="text-brand-700 hover:underline dark:text-brand-100" href={`/applications/${c.id}`}>
                      {c.name}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-slate-500">No application is recorded as using this secret. Add consumers with Edit.</p>
            )}
          </Section>
        </div>
      </div>
      <div className="mt-4">{/* vault versions panel (components/vault) */}<SecretVersions secretId={s.id} /></div>
      <div className="mt-4">
        <Section title="Audit trail" testId="secret-audit">
          <SimpleTable
            label="Audit events of this secret"
            head={["When", "Who", "What", "Changes"]}
            empty="No events recorded."
            rows={s.auditEvents.map((e) => [
              <span key="at" className="whitespace-nowrap">{utc(e.at)}</span>,
              e.actorLabel,
              <code key="a" className="text-xs">{e.action}</code>,
              <ul key="c" className="space-y-0.5 font-mono text-xs text-slate-600 dark:text-slate-400">
                {changes(e.before, e.after).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>,
            ])}
          />
        </Section>
      </div>
    </>
  );
}
