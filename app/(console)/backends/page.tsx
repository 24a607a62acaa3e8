import { ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { FilterBar } from "@/components/org/filter-bar";
import { load } from "@/components/org/guard";
import { BackendsTable } from "@/components/org/tables";
import { requireActor } from "@/lib/actor";
import { can } from "@/lib/authz/permissions";
import { listBackends } from "@/lib/domain/backends/queries";
import { backendKindLabels, backendKinds } from "@/lib/domain/backends/schemas";
import { isFiltered, pickParams } from "@/lib/list-query";

export const metadata = { title: "Backends" };

export default async function BackendsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const query = pickParams(await searchParams, ["q", "page", "pageSize", "sort", "order", "kind", "vaulted"]);
  const res = await load(() => listBackends(actor, query));
  const canWrite = can(actor.role, "backend:write");
  const filtered = isFiltered(query);
  return (
    <>
      <PageHeader
        title="Backends"
        description="Where secrets live: vaults, and the unmanaged places they were found."
        actions={canWrite ? <ButtonLink href="/backends/new">New backend</ButtonLink> : null}
      />
      {!res.ok ? (
        res.node
      ) : (
        <BackendsTable
          items={res.data.items}
          total={res.data.total}
          toolbar={
            <FilterBar
              searchLabel="Search backends"
              filters={[
                { name: "kind", label: "Kind", type: "select", options: backendKinds.map((k) => ({ value: k, label: backendKindLabels[k] })) },
                { name: "vaulted", label: "Vaulted", type: "select", options: [{ value: "true", label: "Vaults" }, { value: "false", label: "Unmanaged" }] },
              ]}
            />
          }
          empty={
            <EmptyState title={filtered ? "No backend matches these filters" : "No backends yet"}>
              {filtered ? "Change or clear the filters." : canWrite ? "Add the vault you use (or Keyward's own) before recording secrets." : "Security or an administrator adds backends."}
            </EmptyState>
          }
        />
      )}
    </>
  );
}
