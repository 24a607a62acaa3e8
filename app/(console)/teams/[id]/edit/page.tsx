import { Card, PageHeader } from "@/components/ui/card";
import { EntityForm } from "@/components/org/entity-form";
import { load } from "@/components/org/guard";
import { requireActor } from "@/lib/actor";
import { authorize } from "@/lib/authz/authorize";
import { getTeam } from "@/lib/domain/teams/queries";
import { listUserOptions } from "@/lib/domain/users/queries";
import { updateTeamAction } from "../../actions";
import { teamFields } from "../../form-fields";

export const metadata = { title: "Edit team" };

export default async function EditTeamPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const res = await load(async () => {
    authorize(actor, "team:write");
    return Promise.all([getTeam(actor, id), listUserOptions(actor)]);
  });
  if (!res.ok) return res.node;
  const [team, people] = res.data;
  return (
    <>
      <PageHeader title={`Edit ${team.name}`} />
      <Card className="p-6">
        <EntityForm action={updateTeamAction.bind(null, team.id)} fields={teamFields(people, team)} submitLabel="Save changes" testId="team-form" />
      </Card>
    </>
  );
}
