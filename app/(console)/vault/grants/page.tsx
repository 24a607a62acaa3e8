import { EmptyState, PageHeader } from "@/components/ui/card";
import { FilterBar } from "@/components/org/filter-bar";
import { load } from "@/components/org/guard";
import { GrantsTable } from "@/components/vault/grants-table";
import { requireActor } from "@/lib/actor";
import { can } from "@/lib/authz/permissions";
import { grantForBrowser, listGrants } from "@/lib/domain/vault/grants";
import { isFiltered, pickParams } from "@/lib/list-query";

export const metadata = { title: "Vault grants" };

const keys = ["q", "page", "pageSize", "sort", "order", "status", "principalType", "source", "secretId"];

export default async function GrantsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const query = pickParams(await searchParams, keys, { sort: "grantedAt", order: "desc" });
  const res = await load(() => listGrants(actor, query));
  const filtered = isFiltered(query);
  // Auditors and managers read grants (evidence, access reviews); revoking needs vault:policy.
  const manage = can(actor.role, "vault:policy");
  return (
    <>
      <PageHeader
        title="Vault grants"
        description={
          manage
            ? "Who may read which secret's values, until when and why. People's grants expire within 24 hours; issue them on a secret's page, revoke them here or there."
            : "Who may read which secret's values, until when and why, and who issued each grant. Read-only: the security team issues and revokes grants."
        }
      />
      {!res.ok ? (
        res.node
      ) : (
        <GrantsTable
          items={res.data.items.map((g) => grantForBrowser(g, actor.id))}
          total={res.data.total}
          manage={manage}
          toolbar={
            <FilterBar
              searchLabel="Path, person or reason"
              filters={[
                { name: "status", label: "Status", type: "select", options: [{ value: "active", label: "Active" }, { value: "expired", label: "Expired" }, { value: "revoked", label: "Revoked" }] },
                { name: "principalType", label: "Granted to", type: "select", options: [{ value: "user", label: "Person" }, { value: "team", label: "Team" }, { value: "identity", label: "Workload" }] },
                { name: "source", label: "Source", type: "select", options: [{ value: "manual", label: "Manual" }, { value: "request", label: "Request" }, { value: "break_glass", label: "Break glass" }, { value: "policy", label: "Policy" }] },
              ]}
            />
          }
          empty={<EmptyState title={filtered ? "No grant matches these filters" : "No grants yet"}>{filtered ? "Clear the filters to see every grant." : manage ? "Issue one from a secret's page (Read grants)." : "Nobody holds a grant you may see."}</EmptyState>}
        />
      )}
    </>
  );
}
