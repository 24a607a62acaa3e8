import { ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { FilterBar } from "@/components/org/filter-bar";
import { load } from "@/components/org/guard";
import { UsersTable } from "@/components/org/tables";
import { requireActor } from "@/lib/actor";
import { can, roleLabels, roles } from "@/lib/authz/permissions";
import { listTeamOptions } from "@/lib/domain/teams/queries";
import { listUsers } from "@/lib/domain/users/queries";
import { pickParams } from "@/lib/list-query";

export const metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const query = pickParams(await searchParams, ["q", "page", "pageSize", "sort", "order", "role", "status", "teamId"]);
  const res = await load(() => Promise.all([listUsers(actor, query), listTeamOptions(actor)]));
  const manage = can(actor.role, "user:manage");
  return (
    <>
      <PageHeader
        title="Users"
        description={manage ? "People, their roles and teams. Invite, change roles, disable." : "People, their roles and teams (read-only)."}
        actions={manage ? <ButtonLink href="/settings/users/new">Invite user</ButtonLink> : null}
      />
      {!res.ok ? (
        res.node
      ) : (
        <UsersTable
          manage={manage}
          items={res.data[0].items}
          total={res.data[0].total}
          toolbar={
            <FilterBar
              searchLabel="Search name or email"
              filters={[
                { name: "role", label: "Role", type: "select", options: roles.map((r) => ({ value: r, label: roleLabels[r] })) },
                { name: "status", label: "Status", type: "select", options: ["active", "invited", "disabled"].map((s) => ({ value: s, label: s })) },
                { name: "teamId", label: "Team", type: "select", options: res.data[1].map((t) => ({ value: t.id, label: t.name })) },
              ]}
            />
          }
          empty={<EmptyState title="No user matches these filters">Change or clear the filters{manage ? ", or invite someone" : ""}.</EmptyState>}
        />
      )}
    </>
  );
}
