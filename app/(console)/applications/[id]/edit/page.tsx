import { Card, PageHeader } from "@/components/ui/card";
import { EntityForm } from "@/components/org/entity-form";
import { load } from "@/components/org/guard";
import { requireActor } from "@/lib/actor";
import { authorize } from "@/lib/authz/authorize";
import { getApplication } from "@/lib/domain/applications/queries";
import { listTeamOptions } from "@/lib/domain/teams/queries";
import { updateApplicationAction } from "../../actions";
import { applicationFields } from "../../form-fields";

export const metadata = { title: "Edit application" };

export default async function EditApplicationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const res = await load(async () => {
    const app = await getApplication(actor, id);
    authorize(actor, "application:write", { ownerTeamId: app.ownerTeam?.id ?? null });
    return [app, await listTeamOptions(actor)] as const;
  });
  if (!res.ok) return res.node;
  const [app, teams] = res.data;
  return (
    <>
      <PageHeader title={`Edit ${app.name}`} />
      <Card className="p-6">
        <EntityForm action={updateApplicationAction.bind(null, app.id)} fields={applicationFields(actor, teams, app)} submitLabel="Save changes" testId="application-form" />
      </Card>
    </>
  );
}
