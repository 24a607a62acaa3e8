import Link from "next/link";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/form";
import { AgeChart, EnvironmentChart } from "@/components/kpi/overview-charts";
import { requireActor } from "@/lib/actor";
import { AppError } from "@/lib/errors";
import { classificationLabels, environmentLabels } from "@/lib/domain/inventory/schemas";
import { getOverview, type TKpi } from "@/lib/domain/kpi/service";

export const metadata = { title: "Overview" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function OverviewPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor();
  const sp = await searchParams;
  const input = { environment: first(sp.environment), classification: first(sp.classification), ownerTeamId: first(sp.ownerTeamId) };
  let notice: string | null = null;
  let overview;
  try {
    overview = await getOverview(actor, input);
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== "validation_failed") throw e;
    notice = "Some filters in the address were not valid and were ignored.";
    overview = await getOverview(actor, {});
  }
  const { kpis, fixFirst, counts, filters } = overview;
  const filtered = Boolean(filters.environment || filters.classification || filters.ownerTeamId);

  return (
    <>
      <PageHeader
        title="Overview"
        description={overview.scope === "team" ? "Headline numbers for your teams' secrets." : "Headline numbers of your secrets estate."}
      />
      <form method="get" className="mb-6 flex flex-wrap items-end gap-3" aria-label="Filter the overview">
        <label className="text-sm">
          <span className="mb-1 block text-slate-600 dark:text-slate-400">Environment</span>
          <Select name="environment" defaultValue={filters.environment ?? ""} className="w-36">
            <option value="">All</option>
            {Object.entries(environmentLabels).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
          </Select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-slate-600 dark:text-slate-400">Classification</span>
          <Select name="classification" defaultValue={filters.classification ?? ""} className="w-44">
            <option value="">All</option>
            {Object.entries(classificationLabels).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
          </Select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-slate-600 dark:text-slate-400">Team</span>
          <Select name="ownerTeamId" defaultValue={filters.ownerTeamId ?? ""} className="w-44">
            <option value="">{overview.scope === "team" ? "All my teams" : "All teams"}</option>
            {overview.teams.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
          </Select>
        </label>
        <Button type="submit" variant="secondary">Apply</Button>
        {filtered ? <Link href="/" className="py-1.5 text-sm text-brand-600 hover:underline">Clear filters</Link> : null}
      </form>
      {notice ? <p role="status" className="mb-4 text-sm text-amber-700 dark:text-amber-300">{notice}</p> : null}

      {counts.total === 0 && counts.hardcodedFindings === 0 ? (
        <EmptyState title={filtered ? "No secrets match these filters" : "No secrets tracked yet"}>
          {filtered ? (
            <Link href="/" className="text-brand-600 hover:underline">Clear the filters</Link>
          ) : (
            <>
              Add secrets in the <Link href="/inventory" className="text-brand-600 hover:underline">inventory</Link>, or connect a
              backend under <Link href="/backends" className="text-brand-600 hover:underline">Backends</Link> and run a discovery.
            </>
          )}
        </EmptyState>
      ) : (
        <div className="space-y-6">
          <section aria-labelledby="kpis-heading">
            <h2 id="kpis-heading" className="sr-only">Key indicators</h2>
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-3">
              {kpis.map((k) => <KpiCard key={k.key} kpi={k} />)}
            </div>
          </section>

          <section aria-labelledby="fix-heading">
            <Card className="p-5">
              <h2 id="fix-heading" className="text-lg font-semibold">What to fix first</h2>
              {fixFirst.length === 0 ? (
                <p className="mt-2 text-sm text-slate-500">Nothing urgent: no compromised, overdue, expiring, unowned or hardcoded highly sensitive secrets, and no newly found hardcoded ones.</p>
              ) : (
                <ol className="mt-3 divide-y divide-slate-200 dark:divide-slate-800">
                  {fixFirst.map((item) => (
                    <li key={item.key} className="flex items-center justify-between gap-4 py-2.5" data-testid={`fix-${item.key}`}>
                      <div>
                        <p className="font-medium">{item.label}</p>
                        <p className="text-sm text-slate-500">{item.why}</p>
                      </div>
                      <div className="flex items-center gap-3">
                        <Badge tone={item.severity === "high" ? "red" : "yellow"}>{item.severity}</Badge>
                        <Link href={item.href} className="min-w-16 text-right text-xl font-semibold tabular-nums text-brand-600 hover:underline" aria-label={`${item.count} ${item.label}: show them`}>
                          {item.count.toLocaleString("en")}
                        </Link>
                      </div>
                    </li>
                  ))}
                </ol>
              )}
            </Card>
          </section>

          <section aria-labelledby="charts-heading" className="grid grid-cols-1 gap-4 lg:grid-cols-2">
            <h2 id="charts-heading" className="sr-only">Charts</h2>
            <Card className="p-5">
              <h3 className="mb-2 font-medium">Secrets by environment</h3>
              <EnvironmentChart data={overview.byEnvironment} />
            </Card>
            <Card className="p-5">
              <h3 className="mb-2 font-medium">Days since last rotation</h3>
              <AgeChart data={overview.byAge} />
            </Card>
          </section>
        </div>
      )}
    </>
  );
}

function KpiCard({ kpi }: { kpi: TKpi }) {
  const body = (
    <Card className={`h-full p-4 ${kpi.href ? "transition-colors hover:border-brand-500" : ""}`}>
      <div className="flex items-start justify-between gap-2">
        <p className="text-sm text-slate-500 dark:text-slate-400">{kpi.label}</p>
        {kpi.ok === null ? null : <Badge tone={kpi.ok ? "green" : "red"}>{kpi.ok ? "on target" : "off target"}</Badge>}
      </div>
      <p className="mt-1 text-3xl font-semibold tabular-nums" data-testid={`kpi-${kpi.key}`}>{kpi.display}</p>
      <p className="mt-1 text-xs text-slate-500">
        {[kpi.target ? `Target ${kpi.target}` : null, kpi.hint].filter(Boolean).join(" · ")}
      </p>
    </Card>
  );
  return kpi.href ? <Link href={kpi.href} className="block" aria-label={`${kpi.label}: ${kpi.display}, show the secrets`}>{body}</Link> : body;
}
