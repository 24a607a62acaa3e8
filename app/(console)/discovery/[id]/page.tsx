import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { load } from "@/components/org/guard";
import { RunStatusBadge, when } from "@/components/discovery/badges";
import { ConnectorForm, type TCatalogEntry } from "@/components/discovery/connector-form";
import { RunControls } from "@/components/discovery/run-controls";
import { requireActor } from "@/lib/actor";
import { can } from "@/lib/authz/permissions";
import { connectorFormOptions, connectorInventory, getConnector } from "@/lib/domain/discovery/service";
import { connectorLabel } from "@/lib/connectors/registry";
import { SimpleTable } from "@/components/ui/simple-table";

export const metadata = { title: "Connector" };

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

export default async function ConnectorPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const { id } = await params;
  const res = await load(() => Promise.all([getConnector(actor, id), connectorFormOptions(actor), connectorInventory(actor, id)]));
  if (!res.ok) return res.node;
  const [c, options, found] = res.data;
  const canWrite = can(actor.role, "connector:write");
  const active = c.runs.find((r) => r.status === "queued" || r.status === "running");
  return (
    <>
      <PageHeader title={c.name} description={`${connectorLabel(c.kind)}${c.description ? ` · ${c.description}` : ""}`} />
      <div className="mb-6 grid gap-3 md:grid-cols-2">
        <Card className="space-y-2 p-4 text-sm">
          <div className="flex items-center gap-2">
            Last run: <RunStatusBadge status={c.lastStatus} /> {when(c.lastRunAt)}
          </div>
          {c.lastError ? <p className="text-red-700 dark:text-red-300" data-testid="last-error">{c.lastError}</p> : null}
          <div>Schedule: {c.schedule ? `${c.schedule}${c.enabled ? "" : " (disabled)"}` : "on demand"}</div>
          <div>Credentials: {c.credentialsPath ? <span className="font-mono text-xs">vault:{c.credentialsPath}</span> : "none"}</div>
          <div>
            Found:{" "}
            <Link className="underline" href={`/findings?connectorId=${c.id}`} data-testid="connector-findings">
              {plural(c._count.locations, "finding location")}
            </Link>
            , {plural(c._count.certificates, "certificate")}, {plural(c._count.accounts, "account")}
            {c.backend ? <>, inventory in <Link className="underline" href={`/inventory?backendId=${c.backend.id}`}>{c.backend.name}</Link></> : null}
          </div>
          <RunControls connectorId={c.id} activeJobRunId={active?.jobRunId ?? null} canWrite={canWrite} />
        </Card>
        <Card className="p-4 text-sm">
          <h2 className="mb-2 font-semibold">Recent runs</h2>
          {c.runs.length === 0 ? (
            <p className="text-slate-500">Not run yet.</p>
          ) : (
            <ul className="space-y-1" data-testid="runs">
              {c.runs.map((r) => (
                <li key={r.id}>
                  <RunStatusBadge status={r.status} /> {when(r.startedAt ?? r.createdAt)}{" "}
                  <span className="text-xs text-slate-500">{Object.entries(r.stats as Record<string, number>).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(", ")}</span>
                  {r.errors.length ? <div className="text-xs text-red-700 dark:text-red-300">{r.errors.slice(0, 3).join(" · ")}</div> : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      {found.certificates.length ? (
        <section className="mb-6">
          <h2 className="mb-2 text-sm font-semibold">Certificates</h2>
          <SimpleTable framed testId="certificates" head={["Endpoint", "#", "Subject", "Issuer", "Key", "Expires"]}>
                {found.certificates.map((x) => (
                  <tr key={x.id} className="border-t border-slate-100 dark:border-slate-800">
                    <td className="px-3 py-2 font-mono text-xs">{x.location}</td>
                    <td className="px-3 py-2">{x.chainIndex}</td>
                    <td className="px-3 py-2 text-xs">{x.subject}{x.sans.length ? <div className="text-slate-500">{x.sans.join(", ")}</div> : null}</td>
                    <td className="px-3 py-2 text-xs">{x.selfSigned ? "self-signed" : x.issuer}</td>
                    <td className="px-3 py-2 text-xs">{x.keyAlgorithm}</td>
                    <td className={`px-3 py-2 whitespace-nowrap ${x.notAfter.getTime() < Date.now() + 30 * 86_400_000 ? "text-red-700 dark:text-red-300" : ""}`}>{when(x.notAfter)}</td>
                  </tr>
                ))}
              </SimpleTable>
        </section>
      ) : null}
      {found.accounts.length ? (
        <section className="mb-6">
          <h2 className="mb-2 text-sm font-semibold">Database accounts</h2>
          <SimpleTable framed testId="accounts" head={["Account", "Superuser", "Password expires", "Looks unused", "Inventory"]}>
                {found.accounts.map((a) => (
                  <tr key={a.id} className={`border-t border-slate-100 dark:border-slate-800 ${a.goneAt ? "opacity-50" : ""}`}>
                    <td className="px-3 py-2 font-mono text-xs">{a.name}{a.goneAt ? " (gone)" : ""}</td>
                    <td className="px-3 py-2">{a.superuser ? <strong className="text-red-700 dark:text-red-300">yes</strong> : "no"}</td>
                    <td className="px-3 py-2 whitespace-nowrap">{when(a.passwordExpiresAt)}</td>
                    <td className="px-3 py-2 text-xs">{a.looksUnused ? a.unusedReason : "—"}</td>
                    <td className="px-3 py-2 font-mono text-xs">{a.secret ? <Link className="underline" href={`/inventory/${a.secret.id}`}>{a.secret.path}</Link> : "not linked"}</td>
                  </tr>
                ))}
              </SimpleTable>
        </section>
      ) : null}
      {canWrite ? (
        <section>
          <h2 className="mb-2 text-sm font-semibold">Settings</h2>
          <ConnectorForm
            catalog={options.catalog as TCatalogEntry[]}
            teams={options.teams}
            backends={options.backends}
            existing={{ id: c.id, kind: c.kind, name: c.name, description: c.description, config: c.config as Record<string, unknown>, ownerTeamId: c.ownerTeamId, backendId: c.backendId, schedule: c.schedule, enabled: c.enabled, hasCredentials: !!c.credentialsPath }}
          />
        </section>
      ) : null}
    </>
  );
}
