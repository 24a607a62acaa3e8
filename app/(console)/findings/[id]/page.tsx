import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { load } from "@/components/org/guard";
import { FindingStatusBadge, SeverityBadge, sourceLabel, when } from "@/components/discovery/badges";
import { NoOwnerBadge } from "@/components/inventory/badges";
import { requireActor } from "@/lib/actor";
import { getFinding } from "@/lib/domain/discovery/service";
import { SimpleTable } from "@/components/ui/simple-table";

export const metadata = { title: "Finding" };

export default async function FindingPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const { id } = await params;
  const res = await load(() => getFinding(actor, id));
  if (!res.ok) return res.node;
  const f = res.data;
  return (
    <>
      <PageHeader title={`${f.ruleId} · ${f.preview}`} description={f.description} />
      <div className="mb-4 grid gap-3 md:grid-cols-2">
        <Card className="space-y-1 p-4 text-sm">
          <div className="flex gap-2">
            <SeverityBadge severity={f.severity} /> <FindingStatusBadge status={f.status} acceptedUntil={f.acceptedUntil} />
          </div>
          <div>Secret type: {f.secretType}</div>
          <div>Owner: {f.ownerTeam?.name ?? <NoOwnerBadge />}</div>
          <div>First seen {when(f.firstSeenAt)} · last seen {when(f.lastSeenAt)}</div>
          <div className="font-mono text-xs text-slate-500" title="Keyed HMAC-SHA256 of the value">fingerprint {f.fingerprint.slice(0, 16)}…</div>
          {f.triageNote ? <div>Note: {f.triageNote}</div> : null}
        </Card>
        <Card className="space-y-1 p-4 text-sm">
          {f.secret ? (
            <>
              <div>
                {f.matchesStored ? <strong className="text-red-700 dark:text-red-300">This is the current value of a stored secret: it is marked compromised and an emergency rotation was requested. </strong> : "Linked inventory entry: "}
              </div>
              <Link className="font-mono text-brand-700 hover:underline dark:text-brand-100" href={`/inventory/${f.secret.id}`}>
                {f.secret.path}
              </Link>{" "}
              ({f.secret.status})
            </>
          ) : (
            <div>Not in the inventory yet. Select it on the findings page and use “Migrate to the vault”.</div>
          )}
        </Card>
      </div>
      <h2 className="mb-2 text-sm font-semibold">Locations ({f.locationCount})</h2>
      <SimpleTable framed testId="finding-locations" head={["Repository", "File", "Commit", "Author", "Committed", "Source", "Last seen"]}>
            {f.locations.map((l) => (
              <tr key={l.id} className="border-t border-slate-100 dark:border-slate-800">
                <td className="px-3 py-2 font-mono text-xs">{l.repository}</td>
                <td className="px-3 py-2 font-mono text-xs">
                  {l.file}:{l.line}
                </td>
                <td className="px-3 py-2 font-mono text-xs">{l.commit ? l.commit.slice(0, 10) : "working tree"}</td>
                <td className="px-3 py-2">{l.author ?? "—"}</td>
                <td className="px-3 py-2 whitespace-nowrap">{when(l.committedAt)}</td>
                <td className="px-3 py-2">{l.connector ? <Link className="hover:underline" href={`/discovery/${l.connector.id}`}>{l.connector.name}</Link> : sourceLabel(l)}</td>
                <td className="px-3 py-2 whitespace-nowrap">{when(l.lastSeenAt)}</td>
              </tr>
            ))}
          </SimpleTable>
    </>
  );
}
