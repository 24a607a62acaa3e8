import { Card, PageHeader } from "@/components/ui/card";
import { EntityForm } from "@/components/org/entity-form";
import { load } from "@/components/org/guard";
import { requireActor } from "@/lib/actor";
import { authorize } from "@/lib/authz/authorize";
import { listTeamOptions } from "@/lib/domain/teams/queries";
import { createApplicationAction } from "../actions";
import { applicationFields } from "../form-fields";

export const metadata = { title: "New application" };

export default async function NewApplicationPage() {
  const actor = await requireActor();
  const res = await load(async () => {
    authorize(actor, "application:write");
    return listTeamOptions(actor);
  });
  return (
    <>
      <PageHeader title="New application" description="A service that consumes secrets. Its owner team answers for it." />
      {res.ok ? (
        <Card className="p-6">
          <EntityForm action={createApplicationAction} fields={applicationFields(actor, res.data)} submitLabel="Create application" testId="application-form" />
        </Card>
      ) : (
        res.node
      )}
    </>
  );
}
