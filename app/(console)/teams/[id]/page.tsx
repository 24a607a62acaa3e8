import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { Badge, PageHeader, Stat } from "@/components/ui/card";
import { ConfirmAction } from "@/components/org/confirm-action";
import { Section } from "@/components/org/detail";
import { SimpleTable } from "@/components/ui/simple-table";
import { load } from "@/components/org/guard";
import { EnvBadges } from "@/components/org/tables";
import { requireActor } from "@/lib/actor";
import { can } from "@/lib/authz/permissions";
import { getTeam } from "@/lib/domain/teams/queries";
import { deleteTeamAction } from "../actions";

export const metadata = { title: "Team" };

export default async function TeamPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const res = await load(() => getTeam(actor, id));
  if (!res.ok) return res.node;
  const team = res.data;
  const canWrite = can(actor.role, "team:write");
  return (
    <>
      <PageHeader
        title={team.name}
        description={team.description || undefined}
        actions={
          canWrite ? (
            <>
              <ButtonLink variant="secondary" href={`/teams/${team.id}/edit`}>
                Edit
              </ButtonLink>
              <ConfirmAction
                action={deleteTeamAction.bind(null, team.id)}
                label="Delete"
                confirm={`Delete team “${team.name}”? Its members stay; teams that still own applications or secrets cannot be deleted.`}
                testId="delete-team"
              />
            </>
          ) : null
        }
      />
      <div className="space-y-6">
        <div className="grid gap-4 sm:grid-cols-4">
          <Stat label="Members" value={team.memberCount} />
          <Stat label="Applications" value={team.applicationCount} />
          <Stat label="Secrets owned" value={team.secrets.total} href={`/inventory?ownerTeamId=${team.id}`} />
          <Stat label="Secrets with hygiene issues" value={team.secrets.withHygieneFlags} />
        </div>
        <div className="grid gap-6 lg:grid-cols-2">
          <Section title="Members" testId="team-members">
            <p className="mb-2 text-sm">
              Manager: {team.manager ? <strong>{team.manager.name}</strong> : <Badge tone="yellow">No manager</Badge>}
            </p>
            <SimpleTable
              label="Members"
              head={["Name", "Email", "Role", "Status"]}
              rows={team.members.map((m) => [m.name, m.email, m.role, <Badge key="s" tone={m.status === "active" ? "green" : "gray"}>{m.status}</Badge>])}
              empty={canWrite ? "No members yet. Edit the team to add people." : "No members yet."}
            />
          </Section>
          <Section title="Applications" testId="team-applications">
            <SimpleTable
              label="Applications"
              head={["Application", "Environments"]}
              rows={team.applications.map((a) => [
                <Link key="n" className="text-brand-700 hover:underline dark:text-brand-100" href={`/applications/${a.id}`}>
                  {a.name}
                </Link>,
                <EnvBadges key="e" envs={a.environments} />,
              ])}
              empty="This team owns no applications yet. Set it as the owner team on an application."
            />
          </Section>
          <Section title="Secrets by environment" testId="team-secrets">
            <SimpleTable
              label="Secrets by environment"
              head={["Environment", "Secrets"]}
              rows={(["dev", "staging", "prod"] as const).map((e) => [e, team.secrets.byEnvironment[e] ?? 0])}
              empty=""
            />
          </Section>
          <Section title="Ownership gaps (whole organisation)" testId="team-gaps">
            <ul className="space-y-1 text-sm">
              <li>
                <Link className="text-brand-700 hover:underline dark:text-brand-100" href="/inventory?unowned=true">
                  {team.gaps.unownedSecrets} secret(s) without an owner team
                </Link>
              </li>
              <li>
                <Link className="text-brand-700 hover:underline dark:text-brand-100" href="/applications?unowned=true">
                  {team.gaps.applicationsWithoutOwner} application(s) without an owner team
                </Link>
              </li>
            </ul>
          </Section>
        </div>
      </div>
    </>
  );
}
