import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { Badge, PageHeader, Stat } from "@/components/ui/card";
import { ConfirmAction } from "@/components/org/confirm-action";
import { Section } from "@/components/org/detail";
import { SimpleTable } from "@/components/ui/simple-table";
import { load } from "@/components/org/guard";
import { EnvBadges } from "@/components/org/tables";
import { requireActor } from "@/lib/actor";
import { permits } from "@/lib/authz/authorize";
import { getApplication } from "@/lib/domain/applications/queries";
import { deleteApplicationAction } from "../actions";

export const metadata = { title: "Application" };

const classTone = { standard: "gray", sensitive: "yellow", highly_sensitive: "red" } as const;

export default async function ApplicationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const res = await load(() => getApplication(actor, id));
  if (!res.ok) return res.node;
  const app = res.data;
  const canWrite = permits(actor, "application:write", { ownerTeamId: app.ownerTeam?.id ?? null });
  return (
    <>
      <PageHeader
        title={app.name}
        description={app.description || undefined}
        actions={
          canWrite ? (
            <>
              <ButtonLink variant="secondary" href={`/applications/${app.id}/edit`}>
                Edit
              </ButtonLink>
              <ConfirmAction
                action={deleteApplicationAction.bind(null, app.id)}
                label="Delete"
                confirm={`Delete application “${app.name}”? Applications still recorded as consuming secrets cannot be deleted.`}
                testId="delete-application"
              />
            </>
          ) : null
        }
      />
      <div className="space-y-6">
        <div className="grid gap-4 sm:grid-cols-3">
          <Stat label="Owner team" value={app.ownerTeam ? <Link href={`/teams/${app.ownerTeam.id}`}>{app.ownerTeam.name}</Link> : <Badge tone="yellow">No owner</Badge>} />
          <Stat label="Secrets consumed" value={app.consumedSecretCount} />
          <Stat label="Environments" value={<EnvBadges envs={app.environments} />} />
        </div>
        {app.hiddenSecretCount > 0 ? (
          <p className="text-sm text-slate-500" data-testid="hidden-secrets">
            {app.hiddenSecretCount} more consumed secret(s) belong to teams whose secrets you cannot see.
          </p>
        ) : null}
        {(["prod", "staging", "dev"] as const).map((env) => (
          <Section key={env} title={`Consumed secrets in ${env}`} testId={`consumes-${env}`}>
            <SimpleTable
              label={`Consumed secrets in ${env}`}
              head={["Secret", "Path", "Type", "Classification", "Status", "Owner team"]}
              rows={app.consumes[env].map((s) => [
                <Link key="n" className="text-brand-700 hover:underline dark:text-brand-100" href={`/inventory/${s.id}`}>
                  {s.name}
                </Link>,
                <code key="p" className="text-xs">{s.path}</code>,
                s.type,
                <Badge key="c" tone={classTone[s.classification as keyof typeof classTone] ?? "gray"}>{s.classification}</Badge>,
                s.status,
                s.ownerTeam?.name ?? <Badge key="o" tone="yellow">No owner</Badge>,
              ])}
              empty={`No ${env} secret is recorded for this application. Add it as a consumer on a secret in the inventory.`}
            />
          </Section>
        ))}
      </div>
    </>
  );
}
