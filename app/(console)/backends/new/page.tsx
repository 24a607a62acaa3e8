import { Card, PageHeader } from "@/components/ui/card";
import { EntityForm } from "@/components/org/entity-form";
import { load } from "@/components/org/guard";
import { requireActor } from "@/lib/actor";
import { authorize } from "@/lib/authz/authorize";
import { createBackendAction } from "../actions";
import { newBackendFields } from "../form-fields";

export const metadata = { title: "New backend" };

export default async function NewBackendPage() {
  const actor = await requireActor();
  const res = await load(async () => authorize(actor, "backend:write"));
  return (
    <>
      <PageHeader title="New backend" description="A vault, or an unmanaged location where secrets were found." />
      {res.ok ? (
        <Card className="p-6">
          <EntityForm action={createBackendAction} fields={newBackendFields()} submitLabel="Create backend" testId="backend-form" />
        </Card>
      ) : (
        res.node
      )}
    </>
  );
}
