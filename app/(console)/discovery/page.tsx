import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { load } from "@/components/org/guard";
import { RunStatusBadge, when } from "@/components/discovery/badges";
import { requireActor } from "@/lib/actor";
import { can } from "@/lib/authz/permissions";
import { listConnectors } from "@/lib/domain/discovery/service";
import { connectorLabel } from "@/lib/connectors/registry";
import { SimpleTable } from "@/components/ui/simple-table";

export const metadata = { title: "Discovery" };

export default async function DiscoveryPage() {
  const actor = await requireActor();
  const res = await load(() => listConnectors(actor, { pageSize: "200" }));
  const canWrite = can(actor.role, "connector:write");
  return (
    <>
      <PageHeader
        title="Discovery"
        description="Connectors that find secrets: git repositories and folders (hardcoded secrets), TLS endpoints (certificates), database accounts, and other vaults (inventory)."
        actions={canWrite ? <ButtonLink href="/discovery/new" data-testid="new-connector">New connector</ButtonLink> : null}
      />
      {!res.ok ? (
        res.node
      ) : res.data.items.length === 0 ? (
        <EmptyState title="No connectors yet">{canWrite ? "Add one with New connector: a git repository is a good first source." : "An administrator or security engineer adds connectors."}</EmptyState>
      ) : (
        <SimpleTable framed testId="connectors" head={["Name", "Kind", "Owner", "Schedule", "Last run", "Status", "Last error"]}>
              {res.data.items.map((c) => (
                <tr key={c.id} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="px-3 py-2">
                    <Link className="font-medium text-brand-700 hover:underline dark:text-brand-100" href={`/discovery/${c.id}`} data-testid="connector-link">
                      {c.name}
                    </Link>
                  </td>
                  <td className="px-3 py-2" title={c.kind}>{connectorLabel(c.kind)}</td>
                  <td className="px-3 py-2">{c.ownerTeam?.name ?? "—"}</td>
                  <td className="px-3 py-2 font-mono text-xs">{c.schedule ? `${c.schedule}${c.enabled ? "" : " (disabled)"}` : "on demand"}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{when(c.lastRunAt)}</td>
                  <td className="px-3 py-2">
                    <RunStatusBadge status={c.lastStatus} />
                  </td>
                  <td className="max-w-xs truncate px-3 py-2 text-xs text-red-700 dark:text-red-300" title={c.lastError ?? ""}>
                    {c.lastError ?? ""}
                  </td>
                </tr>
              ))}
            </SimpleTable>
      )}
    </>
  );
}
