import { Badge } from "@/components/ui/card";
import {
  classificationLabels,
  environmentLabels,
  statusLabels,
} from "@/lib/domain/inventory/schemas";

const statusTone = { active: "green", pending_rotation: "yellow", compromised: "red", revoked: "gray", deprecated: "gray" } as const;
const classificationTone = { standard: "gray", sensitive: "blue", highly_sensitive: "red" } as const;
const envTone = { dev: "gray", staging: "yellow", prod: "red" } as const;

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={statusTone[status as keyof typeof statusTone] ?? "gray"}>{statusLabels[status as keyof typeof statusLabels] ?? status}</Badge>;
}

export function ClassificationBadge({ classification }: { classification: string }) {
  return (
    <Badge tone={classificationTone[classification as keyof typeof classificationTone] ?? "gray"}>
      {classificationLabels[classification as keyof typeof classificationLabels] ?? classification}
    </Badge>
  );
}

export function EnvironmentBadge({ environment }: { environment: string }) {
  return <Badge tone={envTone[environment as keyof typeof envTone] ?? "gray"}>{environmentLabels[environment as keyof typeof environmentLabels] ?? environment}</Badge>;
}

export function OverdueBadge() {
  return <Badge tone="red">Overdue</Badge>;
}

const flagLabels: Record<string, string> = {
  unowned: "No owner",
  rotation_overdue: "Rotation overdue",
  expired: "Expired",
  unused_90d: "Unused 90 days",
};

export function HygieneFlags({ flags }: { flags: string[] }) {
  if (!flags.length) return <Badge tone="green">No issues</Badge>;
  return (
    <span className="flex flex-wrap gap-1">
      {flags.map((f) => (
        <Badge key={f} tone={f === "unused_90d" ? "yellow" : "red"}>
          {flagLabels[f] ?? f}
        </Badge>
      ))}
    </span>
  );
}

/** Same text on server and client, whatever the browser's time zone. */
export function day(d: Date | string | null | undefined): string {
  if (!d) return "—";
  return new Date(d).toISOString().slice(0, 10);
}
