import { Section } from "@/components/org/detail";
import { SimpleTable } from "@/components/ui/simple-table";
import { load } from "@/components/org/guard";
import { Badge, PageHeader } from "@/components/ui/card";
import { CreateIdentityForm, RotateIdentitySecret } from "@/components/vault/identity-forms";
import { requireActor } from "@/lib/actor";
import { identityApplicationOptions, listWorkloadIdentities } from "@/lib/domain/vault/queries";

export const metadata = { title: "Workload identities" };

const ttl = (s: number) => (s % 86400 === 0 ? `${s / 86400} d` : s % 3600 === 0 ? `${s / 3600} h` : `${Math.round(s / 60)} min`);

export default async function IdentitiesPage() {
  const actor = await requireActor();
  const res = await load(async () => ({ identities: await listWorkloadIdentities(actor), applications: await identityApplicationOptions(actor) }));
  if (!res.ok) return res.node;
  const { identities, applications } = res.data;
  return (
    <>
      <PageHeader
        title="Workload identities"
        description="One identity per application and environment. Workloads log in with the client id and secret (AppRole) or a JWT and get a short-lived access token."
      />
      <div className="space-y-4">
        <Section title="Identities" testId="identities">
          <SimpleTable
            label="Workload identities"
            head={["Name", "Application", "Login", "Tokens", "Policies", ""]}
            empty="No workload identity yet. Create one below, then give it a policy on the Policies page."
            rows={identities.map((i) => [
              <div key="n">
                <div className="font-medium" data-testid="identity-name">{i.name}</div>
                <div className="font-mono text-xs text-slate-500">{i.clientId}</div>
                {i.disabledAt ? <Badge tone="red">disabled</Badge> : null}
              </div>,
              <div key="a">
                {i.application.name} <Badge>{i.environment}</Badge>
                <div className="text-xs text-slate-500">{i.application.ownerTeam?.name ?? "no owner team"}</div>
              </div>,
              <div key="l" className="text-xs">
                <div>client secret {i.clientSecretPrefix ? <code>{i.clientSecretPrefix}…</code> : "—"}</div>
                {i.jwtIssuer ? <div className="text-slate-500">JWT from {i.jwtIssuer}</div> : null}
              </div>,
              <div key="t" className="text-xs">
                <div className="tabular-nums">{i.liveTokens} live</div>
                <div className="text-slate-500">TTL {ttl(i.tokenTtlSeconds)}, max {ttl(i.tokenMaxTtlSeconds)}</div>
              </div>,
              <div key="p" className="flex flex-wrap gap-1">{i.policies.length ? i.policies.map((p) => <Badge key={p} tone="blue">{p}</Badge>) : <span className="text-xs text-amber-700">none: reads are denied</span>}</div>,
              <RotateIdentitySecret key="r" identityId={i.id} name={i.name} />,
            ])}
          />
        </Section>
        <Section title="New identity" testId="new-identity">
          {applications.length ? (
            <CreateIdentityForm applications={applications} />
          ) : (
            <p className="text-sm text-slate-500">There is no application you may create identities for. Create an application first.</p>
          )}
        </Section>
      </div>
    </>
  );
}
