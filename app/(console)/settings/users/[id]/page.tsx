import { Badge, Card, PageHeader } from "@/components/ui/card";
import { ConfirmAction } from "@/components/org/confirm-action";
import { EntityForm } from "@/components/org/entity-form";
import { load } from "@/components/org/guard";
import { utc } from "@/components/org/format";
import { requireActor } from "@/lib/actor";
import { can, roleLabels, roles } from "@/lib/authz/permissions";
import { listTeamOptions } from "@/lib/domain/teams/queries";
import { getUser } from "@/lib/domain/users/queries";
import { disableUserAction, enableUserAction, setUserRoleAction, setUserTeamsAction } from "../actions";

export const metadata = { title: "User" };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const res = await load(() => Promise.all([getUser(actor, id), listTeamOptions(actor)]));
  if (!res.ok) return res.node;
  const [user, teams] = res.data;
  const manage = can(actor.role, "user:manage");
  return (
    <>
      <PageHeader
        title={user.name}
        description={`${user.email} · ${roleLabels[user.role]} · last sign-in ${utc(user.lastLoginAt)}${user.sso ? " · SSO linked" : ""}`}
        actions={
          manage && user.id !== actor.id ? (
            user.status === "disabled" ? (
              <ConfirmAction action={enableUserAction.bind(null, user.id)} label="Enable" variant="secondary" confirm={`Enable ${user.email}? They can sign in again.`} testId="enable-user" />
            ) : (
              <ConfirmAction
                action={disableUserAction.bind(null, user.id)}
                label="Disable"
                confirm={`Disable ${user.email}? Their sessions and API tokens stop working at once; the account and its audit trail stay.`}
                testId="disable-user"
              />
            )
          ) : null
        }
      />
      <p className="mb-4">
        <Badge tone={user.status === "active" ? "green" : user.status === "invited" ? "blue" : "gray"}>{user.status}</Badge>
      </p>
      {manage ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card className="p-6">
            <h2 className="mb-4 font-semibold">Role</h2>
            <EntityForm
              action={setUserRoleAction.bind(null, user.id)}
              testId="role-form"
              submitLabel="Save role"
              successMessage="Role saved."
              fields={[{ name: "role", label: "Role", type: "select", options: roles.map((r) => ({ value: r, label: roleLabels[r] })), defaultValue: user.role }]}
            />
          </Card>
          <Card className="p-6">
            <h2 className="mb-4 font-semibold">Teams</h2>
            <EntityForm
              action={setUserTeamsAction.bind(null, user.id)}
              testId="teams-form"
              submitLabel="Save teams"
              successMessage="Teams saved."
              fields={[{ name: "teamIds", label: "Member of", type: "checkboxes", options: teams.map((t) => ({ value: t.id, label: t.name })), defaultValue: user.teams.map((t) => t.id) }]}
            />
          </Card>
        </div>
      ) : (
        <p className="text-sm">Teams: {user.teams.map((t) => t.name).join(", ") || "none"}</p>
      )}
    </>
  );
}
