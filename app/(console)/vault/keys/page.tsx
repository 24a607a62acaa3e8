import { Section } from "@/components/org/detail";
import { SimpleTable } from "@/components/ui/simple-table";
import { load } from "@/components/org/guard";
import { utc } from "@/components/org/format";
import { Badge, PageHeader } from "@/components/ui/card";
import { RewrapRun, RotateKeyButton, SealButton, UnsealForm } from "@/components/vault/key-controls";
import { requireActor } from "@/lib/actor";
import { keyOverview } from "@/lib/domain/vault/queries";

export const metadata = { title: "Vault keys" };

export default async function KeysPage() {
  const actor = await requireActor();
  const res = await load(() => keyOverview(actor));
  if (!res.ok) return res.node;
  const { versions, runs, seal } = res.data;
  const running = runs.some((r) => r.status === "queued" || r.status === "running");
  return (
    <>
      <PageHeader title="Vault keys" description="Key-encryption keys wrap each stored version's own data key. The root key never leaves its provider and is never stored in the database." />
      <div className="grid gap-4 lg:grid-cols-2">
        <Section title="Seal state" testId="seal-state">
          <dl className="space-y-1 text-sm">
            <div className="flex gap-2">
              <dt className="w-32 text-slate-500">State</dt>
              <dd data-testid="seal-badge">{seal.sealed ? <Badge tone="red">sealed</Badge> : <Badge tone="green">unsealed</Badge>}</dd>
            </div>
            <div className="flex gap-2">
              <dt className="w-32 text-slate-500">Key provider</dt>
              <dd>{seal.provider}</dd>
            </div>
            <div className="flex gap-2">
              <dt className="w-32 text-slate-500">Sealed mode</dt>
              <dd>{seal.sealedMode ? "on: the root key is rebuilt from Shamir shares at start" : "off (KEYWARD_SEALED=1 turns it on)"}</dd>
            </div>
          </dl>
          <div className="mt-4">
            {seal.sealed ? (
              <>
                <p className="mb-2 text-sm text-amber-800 dark:text-amber-200">Value reads and writes answer 503 until enough shares are given.{seal.sharesGiven ? ` ${seal.sharesGiven} share(s) given so far.` : ""}</p>
                <UnsealForm />
              </>
            ) : seal.sealedMode ? (
              <SealButton />
            ) : null}
          </div>
        </Section>
        <Section title="Rotation" testId="key-rotation" actions={<RotateKeyButton disabled={seal.sealed || running} />}>
          {runs.length ? (
            <ul aria-label="Key rotations">
              {runs.map((r) => (
                <RewrapRun
                  key={r.id}
                  initial={{ id: r.id, status: r.status, progress: r.progress, total: r.total, message: r.message, finishedAt: r.finishedAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString() }}
                />
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">No rotation yet. Rotating makes a new key version for new writes and re-wraps every existing data key in the background.</p>
          )}
        </Section>
      </div>
      <div className="mt-4">
        <Section title="Key versions" testId="key-versions">
          <SimpleTable
            label="Key-encryption key versions"
            head={["Version", "Status", "Provider", "Reference", "Data keys wrapped", "Created", "Retired"]}
            empty="No key version yet: the first is made with the first stored value."
            rows={versions.map((v) => [
              <span key="n" className="tabular-nums">v{v.number}</span>,
              <Badge key="s" tone={v.status === "active" ? "green" : "gray"}>{v.status}</Badge>,
              v.provider,
              <code key="r" className="text-xs">{v.keyRef}</code>,
              <span key="w" className="tabular-nums">{v.wrapped.toLocaleString("en-US")}</span>,
              utc(v.createdAt),
              utc(v.retiredAt),
            ])}
          />
        </Section>
      </div>
    </>
  );
}
