import { Card, PageHeader } from "@/components/ui/card";
import { EntityForm } from "@/components/org/entity-form";
import { load } from "@/components/org/guard";
import { requireActor } from "@/lib/actor";
import { authorize } from "@/lib/authz/authorize";
import { listUserOptions } from "@/lib/domain/users/queries";
import { createTeamAction } from "../actions";
import { teamFields } from "../form-fields";

export const metadata = { title: "New team" };

export default async function NewTeamPage() {
  const actor = await requireActor();
  const res = await load(async () => {
    authorize(actor, "team:write");
    return listUserOptions(actor);
  });
  return (
    <>
      <PageHeader title="New team" description="A team owns applications and secrets; its manager reviews its access." />
      {res.ok ? (
        <Card className="p-6">
          <EntityForm action={createTeamAction} fields={teamFields(res.data)} submitLabel="Create team" testId="team-form" />
        </Card>
      ) : (
        res.node
      )}
    </>
  );
}
