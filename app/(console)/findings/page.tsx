import Link from "next/link";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { load } from "@/components/org/guard";
import { FilterBar } from "@/components/org/filter-bar";
import { when } from "@/components/discovery/badges";
import { FindingsTable, type TFindingTableRow } from "@/components/discovery/findings-table";
import { cn } from "@/components/ui/cn";
import { requireActor } from "@/lib/actor";
import { teamsInScope } from "@/lib/authz/authorize";
import { can, scopeOf } from "@/lib/authz/permissions";
import { listFindingFacets, listFindings } from "@/lib/domain/discovery/service";
import { findingSeverities, findingStatuses, findingStatusLabels, ZFindingListQuery } from "@/lib/domain/discovery/schemas";
import { SimpleTable } from "@/components/ui/simple-table";
import { isFiltered, pickQuery } from "@/lib/list-query";

export const metadata = { title: "Findings" };

type SP = Record<string, string | string[] | undefined>;
const queryKeys = Object.keys(ZFindingListQuery.shape);

export default async function FindingsPage({ searchParams }: { searchParams: Promise<SP> }) {
  const actor = await requireActor();
  const sp = await searchParams;
  const byRepo = sp.view === "repositories";
  const picked = pickQuery(sp, queryKeys);
  const query = { ...picked, ...(byRepo ? { groupBy: "repository" } : {}) };
  const res = await load(() => Promise.all([listFindings(actor, query), listFindingFacets(actor)]));
  const filtered = isFiltered(picked, ["groupBy"]);
  const tab = (active: boolean) =>
    cn("rounded-md px-3 py-1.5 text-sm", active ? "bg-brand-600 text-white" : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800");
  const keep = new URLSearchParams();
  for (const k of ["status", "severity", "ruleId", "ownerTeamId", "q"]) if (typeof sp[k] === "string") keep.set(k, sp[k] as string);

  return (
    <>
      <PageHeader
        title="Findings"
        description="Hardcoded secrets found by the scanner and the discovery connectors. Fingerprints and 4-character previews only: Keyward never stores what it finds."
      />
      <nav className="mb-3 flex gap-2" aria-label="Views">
        <Link className={tab(!byRepo)} href={`/findings${keep.size ? `?${keep}` : ""}`} data-testid="view-findings">
          All findings
        </Link>
        <Link className={tab(byRepo)} href={`/findings?view=repositories${keep.size ? `&${keep}` : ""}`} data-testid="view-repositories">
          By repository
        </Link>
      </nav>
      {!res.ok
        ? res.node
        : (() => {
            const [page, facets] = res.data;
            const teams = teamsInScope(actor, "finding:read", facets.teams);
            const filters = (
              <FilterBar
                searchLabel="File or rule"
                filters={[
                  { name: "status", label: "Status", type: "select", options: findingStatuses.map((s) => ({ value: s, label: findingStatusLabels[s] })) },
                  { name: "severity", label: "Severity", type: "select", options: findingSeverities.map((s) => ({ value: s, label: s })) },
                  { name: "ruleId", label: "Rule", type: "select", options: facets.rules.map((r) => ({ value: r, label: r })) },
                  { name: "repository", label: "Repository", type: "select", options: facets.repositories.map((r) => ({ value: r, label: r })) },
                  { name: "ownerTeamId", label: "Owner team", type: "select", options: teams.map((t) => ({ value: t.id, label: t.name })) },
                ]}
              />
            );
            if (page.kind === "groups") {
              return (
                <div className="space-y-3">
                  {filters}
                  {page.items.length === 0 ? (
                    <EmptyState title="No repository has findings">Connect a git repository or folder under Discovery, then run it.</EmptyState>
                  ) : (
                    <SimpleTable framed testId="repository-groups" head={["Repository", "Findings", "Open", "Critical", "High", "Last seen"]}>
                          {page.items.map((g) => (
                            <tr key={g.repository} className="border-t border-slate-100 dark:border-slate-800">
                              <td className="px-3 py-2 font-mono text-xs">
                                <Link className="text-brand-700 hover:underline dark:text-brand-100" href={`/findings?repository=${encodeURIComponent(g.repository)}`}>
                                  {g.repository}
                                </Link>
                              </td>
                              <td className="px-3 py-2">{g.findings}</td>
                              <td className="px-3 py-2">{g.open}</td>
                              <td className="px-3 py-2">{g.critical ? <span className="font-semibold text-red-700 dark:text-red-300">{g.critical}</span> : 0}</td>
                              <td className="px-3 py-2">{g.high}</td>
                              <td className="px-3 py-2 whitespace-nowrap">{when(g.lastSeenAt)}</td>
                            </tr>
                          ))}
                        </SimpleTable>
                  )}
                </div>
              );
            }
            const triageScope = scopeOf(actor.role, "finding:triage");
            return (
              <FindingsTable
                rows={page.items as TFindingTableRow[]}
                total={page.total}
                canTriage={triageScope !== null}
                canMigrate={triageScope !== null && can(actor.role, "secret:create")}
                teams={teamsInScope(actor, "finding:triage", facets.teams)}
                toolbar={filters}
                empty={
                  <EmptyState title={filtered ? "No finding matches these filters" : "No findings yet"}>
                    {filtered ? "Change or clear the filters." : "Run a git or file-system connector under Discovery, or `keyward scan` in CI, to find hardcoded secrets."}
                  </EmptyState>
                }
              />
            );
          })()}
    </>
  );
}
