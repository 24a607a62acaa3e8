import { ChainVerification } from "@/components/audit/chain-verification";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { FilterBar } from "@/components/org/filter-bar";
import { load } from "@/components/org/guard";
import { AuditTable } from "@/components/org/tables";
import { requireActor } from "@/lib/actor";
import { listAuditEvents } from "@/lib/domain/audit-log/queries";
import { getAuditChainStatus } from "@/lib/domain/audit-log/verification";
import { isFiltered, pickParams } from "@/lib/list-query";

export const metadata = { title: "Audit log" };

const keys = ["q", "page", "pageSize", "sort", "order", "action", "actor", "targetType", "targetId", "from", "to"];

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const query = pickParams(await searchParams, keys, { pageSize: "50" });
  const [res, chain] = await Promise.all([load(() => listAuditEvents(actor, query)), load(() => getAuditChainStatus(actor))]);
  const filtered = isFiltered(query);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change and every value read, hash-chained so an edited or deleted event is detected."
        actions={chain.ok ? <ChainVerification initial={chain.data} /> : null}
      />
      {!res.ok ? (
        res.node
      ) : (
        <AuditTable
          items={res.data.items}
          total={res.data.total}
          toolbar={
            <FilterBar
              searchLabel="Search"
              filters={[
                { name: "action", label: "Action", type: "text", placeholder: "team.create or team." },
                { name: "actor", label: "Actor", type: "text", placeholder: "email or user id" },
                { name: "targetType", label: "Target type", type: "text", placeholder: "secret" },
                { name: "targetId", label: "Target id", type: "text" },
                { name: "from", label: "From", type: "date" },
                { name: "to", label: "To", type: "date" },
              ]}
            />
          }
          empty={<EmptyState title={filtered ? "No event matches these filters" : "No events yet"}>{filtered ? "Widen the time range or clear the filters." : "Changes made in Keyward appear here."}</EmptyState>}
        />
      )}
    </>
  );
}
