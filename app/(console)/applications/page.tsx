import { ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { FilterBar } from "@/components/org/filter-bar";
import { load } from "@/components/org/guard";
import { ApplicationsTable } from "@/components/org/tables";
import { requireActor } from "@/lib/actor";
import { can } from "@/lib/authz/permissions";
import { listApplications } from "@/lib/domain/applications/queries";
import { listTeamOptions } from "@/lib/domain/teams/queries";
import { isFiltered, pickParams } from "@/lib/list-query";

export const metadata = { title: "Applications" };

export default async function ApplicationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const query = pickParams(await searchParams, ["q", "page", "pageSize", "sort", "order", "ownerTeamId", "environment", "unowned"]);
  const res = await load(() => Promise.all([listApplications(actor, query), listTeamOptions(actor)]));
  const canWrite = can(actor.role, "application:write");
  const filtered = isFiltered(query);
  return (
    <>
      <PageHeader
        title="Applications"
        description="The services that consume secrets, their owner teams and environments."
        actions={canWrite ? <ButtonLink href="/applications/new">New application</ButtonLink> : null}
      />
      {!res.ok ? (
        res.node
      ) : (
        <ApplicationsTable
          items={res.data[0].items}
          total={res.data[0].total}
          toolbar={
            <FilterBar
              searchLabel="Search applications"
              filters={[
                { name: "ownerTeamId", label: "Owner team", type: "select", options: res.data[1].map((t) => ({ value: t.id, label: t.name })) },
                { name: "environment", label: "Environment", type: "select", options: ["dev", "staging", "prod"].map((e) => ({ value: e, label: e })) },
                { name: "unowned", label: "Ownership", type: "select", options: [{ value: "true", label: "Without owner team" }, { value: "false", label: "With owner team" }] },
              ]}
            />
          }
          empty={
            <EmptyState title={filtered ? "No application matches these filters" : "No applications yet"}>
              {filtered ? "Change or clear the filters." : canWrite ? "Register the first application and choose its owner team." : "App owners register their applications here."}
            </EmptyState>
          }
        />
      )}
    </>
  );
}
