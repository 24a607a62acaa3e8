import { Card, PageHeader } from "@/components/ui/card";
import { EntityForm } from "@/components/org/entity-form";
import { load } from "@/components/org/guard";
import { requireActor } from "@/lib/actor";
import { authorize } from "@/lib/authz/authorize";
import { roleLabels, roles } from "@/lib/authz/permissions";
import { listTeamOptions } from "@/lib/domain/teams/queries";
import { inviteUserAction } from "../actions";

export const metadata = { title: "Invite user" };

export default async function InviteUserPage() {
  const actor = await requireActor();
  const res = await load(async () => {
    authorize(actor, "user:manage");
    return listTeamOptions(actor);
  });
  return (
    <>
      <PageHeader title="Invite user" description="Invited people sign in with single sign-on; give a password only where SSO is not set up." />
      {res.ok ? (
        <Card className="p-6">
          <EntityForm
            action={inviteUserAction}
            testId="invite-form"
            submitLabel="Invite"
            fields={[
              { name: "email", label: "Email", type: "email", required: true },
              { name: "name", label: "Name", type: "text", required: true },
              { name: "role", label: "Role", type: "select", options: roles.map((r) => ({ value: r, label: roleLabels[r] })), defaultValue: "developer" },
              { name: "teamIds", label: "Teams", type: "checkboxes", options: res.data.map((t) => ({ value: t.id, label: t.name })) },
              {
                name: "password",
                label: "Initial password (optional)",
                type: "password",
                hint: "Leave empty: the account stays invited until its first SSO sign-in. With a password (12+ characters) it is active at once.",
              },
            ]}
          />
        </Card>
      ) : (
        res.node
      )}
    </>
  );
}
