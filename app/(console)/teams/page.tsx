import { ButtonLink } from "@/components/ui/button";
import { Card, EmptyState, PageHeader, Stat } from "@/components/ui/card";
import { FilterBar } from "@/components/org/filter-bar";
import { load } from "@/components/org/guard";
import { TeamsTable } from "@/components/org/tables";
import { requireActor } from "@/lib/actor";
import { can } from "@/lib/authz/permissions";
import { getOwnershipGaps, listTeams } from "@/lib/domain/teams/queries";
import { pickParams } from "@/lib/list-query";

export const metadata = { title: "Teams" };

export default async function TeamsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const query = pickParams(await searchParams, ["q", "page", "pageSize", "sort", "order"]);
  const res = await load(() => Promise.all([listTeams(actor, query), getOwnershipGaps(actor)]));
  const canWrite = can(actor.role, "team:write");
  return (
    <>
      <PageHeader
        title="Teams"
        description="Who owns which applications and secrets, and where ownership is missing."
        actions={canWrite ? <ButtonLink href="/teams/new">New team</ButtonLink> : null}
      />
      {!res.ok ? (
        res.node
      ) : (
        <div className="space-y-6">
          <section aria-label="Ownership gaps" className="grid gap-4 sm:grid-cols-2" data-testid="ownership-gaps">
            <Stat label="Secrets without an owner team" value={res.data[1].unownedSecrets} hint="Assign an owner in the inventory." href="/inventory?unowned=true" />
            <Stat label="Applications without an owner team" value={res.data[1].applicationsWithoutOwner} hint="Give each one an owner team." href="/applications?unowned=true" />
          </section>
          <TeamsTable
            items={res.data[0].items}
            total={res.data[0].total}
            toolbar={<FilterBar searchLabel="Search teams" />}
            empty={
              <EmptyState title={query.q ? "No team matches this search" : "No teams yet"}>
                {query.q ? "Try another name." : canWrite ? "Create the first team, then add its members and applications." : "An administrator creates teams."}
              </EmptyState>
            }
          />
          {res.data[1].applicationsWithoutOwnerSample.length ? (
            <Card className="p-4">
              <h2 className="mb-2 text-sm font-semibold">Applications waiting for an owner</h2>
              <ul className="flex flex-wrap gap-2 text-sm">
                {res.data[1].applicationsWithoutOwnerSample.map((a) => (
                  <li key={a.id}>
                    <a className="text-brand-700 hover:underline dark:text-brand-100" href={`/applications/${a.id}`}>
                      {a.name}
                    </a>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
        </div>
      )}
    </>
  );
}
