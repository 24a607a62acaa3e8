import { ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { load } from "@/components/org/guard";
import { SecretFilters, type TFacet } from "@/components/inventory/secret-filters";
import { SecretsTable } from "@/components/inventory/secrets-table";
import { requireActor } from "@/lib/actor";
import { teamsInScope } from "@/lib/authz/authorize";
import { can, scopeOf } from "@/lib/authz/permissions";
import { listInventoryOptions, listSecrets } from "@/lib/domain/inventory/service";
import {
  classificationLabels,
  classifications,
  defaultSecretSort,
  environmentLabels,
  environments,
  filterKeys,
  listQueryKeys,
  secretStatuses,
  secretTypes,
  statusLabels,
  typeLabels,
} from "@/lib/domain/inventory/schemas";
import { pickQuery } from "@/lib/list-query";

export const metadata = { title: "Inventory" };

type SP = Record<string, string | string[] | undefined>;

export default async function InventoryPage({ searchParams }: { searchParams: Promise<SP> }) {
  const actor = await requireActor();
  const sp = await searchParams;
  const query = pickQuery(sp, listQueryKeys);
  const res = await load(() => Promise.all([listSecrets(actor, query), listInventoryOptions(actor)]));

  const filters = pickQuery(sp, filterKeys);
  const exportQs = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) for (const x of Array.isArray(v) ? v : [v]) exportQs.append(k, x);
  const filtered = Object.keys(filters).length > 0;
  const canCreate = can(actor.role, "secret:create");
  const canExport = can(actor.role, "secret:export");

  return (
    <>
      <PageHeader
        title="Inventory"
        description="Every secret Keyward knows about, wherever it lives: owner, backend, rotation and hygiene."
        actions={
          <>
            {canExport ? (
              <ButtonLink variant="secondary" href={`/api/v1/secrets/export${exportQs.size ? `?${exportQs}` : ""}`} prefetch={false} data-testid="export-csv">
                Export CSV
              </ButtonLink>
            ) : null}
            {canCreate ? (
              <ButtonLink href="/inventory/new" data-testid="new-secret">
                New secret
              </ButtonLink>
            ) : null}
          </>
        }
      />
      {!res.ok ? (
        res.node
      ) : (
        (() => {
          const [page, options] = res.data;
          const teams = teamsInScope(actor, "secret:read", options.teams);
          const facets: TFacet[] = [
            { name: "type", label: "Type", options: secretTypes.map((v) => ({ value: v, label: typeLabels[v] })) },
            { name: "environment", label: "Environment", options: environments.map((v) => ({ value: v, label: environmentLabels[v] })) },
            { name: "classification", label: "Classification", options: classifications.map((v) => ({ value: v, label: classificationLabels[v] })) },
            { name: "status", label: "Status", options: secretStatuses.map((v) => ({ value: v, label: statusLabels[v] })) },
            { name: "backendId", label: "Backend", options: options.backends.map((b) => ({ value: b.id, label: b.name })) },
            { name: "ownerTeamId", label: "Owner team", options: teams.map((t) => ({ value: t.id, label: t.name })) },
          ];
          const updateScope = scopeOf(actor.role, "secret:update");
          const d = defaultSecretSort(page.query.q);
          return (
            <SecretsTable
              rows={page.rows}
              total={page.total}
              totalExact={page.totalExact}
              hasMore={page.hasMore}
              defaultSort={{ id: d.sort, desc: d.order === "desc" }}
              canBulk={updateScope !== null}
              bulkTeams={teamsInScope(actor, "secret:update", options.teams)}
              canUnassign={updateScope === "all"}
              toolbar={<SecretFilters facets={facets} />}
              empty={
                <EmptyState title={filtered ? "No secret matches these filters" : "No secrets yet"}>
                  {filtered
                    ? "Change or clear the filters, or search for another name."
                    : canCreate
                      ? "Record the first secret with New secret, or run discovery to find the ones already in your repositories."
                      : "Secrets your teams own will appear here."}
                </EmptyState>
              }
            />
          );
        })()
      )}
    </>
  );
}
