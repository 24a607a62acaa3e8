import { Badge } from "@/components/ui/card";
import { CI_UPLOAD_SOURCE, findingStatusLabels, type TFindingStatus } from "@/lib/domain/discovery/schemas";

const severityTone = { critical: "red", high: "yellow", medium: "blue", low: "gray" } as const;

export function SeverityBadge({ severity }: { severity: string }) {
  return <Badge tone={severityTone[severity as keyof typeof severityTone] ?? "gray"}>{severity}</Badge>;
}

const statusTone = { open: "red", triaged: "yellow", resolved: "green", false_positive: "gray", accepted_risk: "blue" } as const;

export function FindingStatusBadge({ status, acceptedUntil }: { status: string; acceptedUntil?: Date | string | null }) {
  const label = findingStatusLabels[status as TFindingStatus] ?? status;
  return (
    <Badge tone={statusTone[status as keyof typeof statusTone] ?? "gray"}>
      {label}
      {status === "accepted_risk" && acceptedUntil ? ` until ${new Date(acceptedUntil).toISOString().slice(0, 10)}` : ""}
    </Badge>
  );
}

const runTone = { succeeded: "green", failed: "red", running: "blue", queued: "gray" } as const;

export function RunStatusBadge({ status }: { status: string | null }) {
  if (!status) return <Badge>never run</Badge>;
  return <Badge tone={runTone[status as keyof typeof runTone] ?? "gray"}>{status}</Badge>;
}

export function when(d: Date | string | null | undefined): string {
  return d ? new Date(d).toISOString().slice(0, 16).replace("T", " ") : "—";
}

/** Where a location came from: its connector's name, "CI upload", or the raw source of a deleted connector's run. */
export function sourceLabel(l: { source: string; connector: { name: string } | null }): string {
  if (l.connector) return l.connector.name;
  return l.source === CI_UPLOAD_SOURCE ? "CI upload" : `${l.source} (connector deleted)`;
}
