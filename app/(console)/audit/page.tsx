import { Suspense } from "react";
import { Badge, EmptyState, PageHeader } from "@/components/ui/card";
import { FilterBar } from "@/components/org/filter-bar";
import { load } from "@/components/org/guard";
import { AuditTable } from "@/components/org/tables";
import { requireActor } from "@/lib/actor";
import type { Actor } from "@/lib/authz/authorize";
import { getAuditChainStatus, listAuditEvents } from "@/lib/domain/audit-log/queries";
import { pickParams } from "@/lib/list-query";

export const metadata = { title: "Audit log" };

const keys = ["q", "page", "pageSize", "sort", "order", "action", "actor", "targetType", "targetId", "from", "to"];

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const query = pickParams(await searchParams, keys, { pageSize: "50" });
  const res = await load(() => listAuditEvents(actor, query));
  const filtered = Object.keys(query).some((k) => !["page", "pageSize", "sort", "order"].includes(k));
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change and every value read, hash-chained so an edited or deleted event is detected."
        actions={res.ok ? (
          <Suspense fallback={<Badge>Verifying chain…</Badge>}>
            <ChainBadge actor={actor} />
          </Suspense>
        ) : null}
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

/** Streams in after the table: verification is a full pass over the log. */
async function ChainBadge({ actor }: { actor: Actor }) {
  const s = await getAuditChainStatus(actor);
  return (
    <span data-testid="chain-status" title={`Checked ${s.checked} events at ${s.checkedAt}`}>
      {s.ok ? (
        <Badge tone="green">Chain verified · {s.checked.toLocaleString("en-US")} events</Badge>
      ) : (
        <Badge tone="red">Chain broken at event #{s.brokenAt}</Badge>
      )}
    </span>
  );
}
