import { ConfirmAction } from "@/components/org/confirm-action";
import { Section } from "@/components/org/detail";
import { SimpleTable } from "@/components/ui/simple-table";
import { load } from "@/components/org/guard";
import { Badge, PageHeader } from "@/components/ui/card";
import { AttachPolicyForm, CreatePolicyForm, SimulatorForm } from "@/components/vault/policy-forms";
import { requireActor } from "@/lib/actor";
import { formatRules } from "@/lib/domain/vault/policy";
import { policyOverview } from "@/lib/domain/vault/queries";
import { detachPolicyAction } from "../actions";

export const metadata = { title: "Vault policies" };

export default async function PoliciesPage() {
  const actor = await requireActor();
  const res = await load(() => policyOverview(actor));
  if (!res.ok) return res.node;
  const { policies, identities, teams, users } = res.data;
  const targets = [
    ...identities.map((i) => ({ value: `identity:${i.id}`, label: `identity ${i.name}` })),
    ...teams.map((t) => ({ value: `team:${t.id}`, label: `team ${t.name}` })),
  ];
  const principals = [
    ...identities.map((i) => ({ value: `identity:${i.id}`, label: `identity ${i.name}` })),
    ...users.map((u) => ({ value: `user:${u.id}`, label: `person ${u.email}` })),
  ];
  return (
    <>
      <PageHeader title="Vault policies" description="Path patterns and capabilities for workload identities and teams. Deny by default; a deny rule always wins." />
      <div className="space-y-4">
        <Section title="Policy simulator" testId="simulator">
          <p className="mb-3 text-sm text-slate-500">Can this identity or person do this on that path, and which rule decides? Nothing is read or changed.</p>
          <SimulatorForm principals={principals} />
        </Section>
        <Section title="Policies" testId="policies">
          <SimpleTable
            label="Policies"
            head={["Name", "Rules", "Attached to"]}
            empty="No policy yet: every workload read is denied. Create one below."
            rows={policies.map((p) => [
              <div key="n">
                <div className="font-medium" data-testid="policy-name">{p.name}</div>
                {p.description ? <div className="text-xs text-slate-500">{p.description}</div> : null}
              </div>,
              <pre key="r" className="whitespace-pre-wrap font-mono text-xs">{formatRules(p.rules)}</pre>,
              <div key="a" className="space-y-1">
                {p.attachments.length ? (
                  p.attachments.map((a) => (
                    <div key={a.id} className="flex items-center gap-1">
                      <Badge tone="blue">{a.identity ? `identity ${a.identity.name}` : `team ${a.team?.name}`}</Badge>
                      <ConfirmAction
                        action={detachPolicyAction.bind(null, a.id)}
                        label="Detach"
                        variant="secondary"
                        confirm={`Detach ${p.name} from ${a.identity ? a.identity.name : a.team?.name}? Access it granted stops within seconds.`}
                      />
                    </div>
                  ))
                ) : (
                  <span className="text-xs text-slate-500">not attached</span>
                )}
              </div>,
            ])}
          />
        </Section>
        <Section title="Attach a policy" testId="attach">
          <AttachPolicyForm policies={policies.map((p) => ({ value: p.id, label: p.name }))} targets={targets} />
        </Section>
        <Section title="New policy" testId="new-policy">
          <CreatePolicyForm />
        </Section>
      </div>
    </>
  );
}
