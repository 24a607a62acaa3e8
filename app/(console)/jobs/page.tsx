import { Card, PageHeader } from "@/components/ui/card";
import { load } from "@/components/org/guard";
import { JobRuns } from "@/components/inventory/job-runs";
import { requireActor } from "@/lib/actor";
import { listJobRuns } from "@/lib/domain/inventory/hygiene";

export const metadata = { title: "Jobs" };

/** The background jobs whose runs this page lists. */
const KINDS = ["inventory.hygiene", "vault.purge", "audit.verify", "audit.anchor"];

export default async function JobsPage() {
  const actor = await requireActor();
  const res = await load(() => listJobRuns(actor, KINDS));
  return (
    <>
      <PageHeader title="Jobs" description="Background work and its progress. You can leave this page; runs continue in the workers." />
      {!res.ok ? (
        res.node
      ) : (
        <Card className="p-4">
          <JobRuns
            canRun
            runs={res.data.map((r) => ({
              id: r.id,
              kind: r.kind,
              status: r.status,
              progress: r.progress,
              total: r.total,
              message: r.message,
              createdAt: r.createdAt.toISOString(),
              finishedAt: r.finishedAt?.toISOString() ?? null,
            }))}
          />
        </Card>
      )}
    </>
  );
}
