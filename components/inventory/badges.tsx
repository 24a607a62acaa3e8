import { Badge } from "@/components/ui/card";
import {
  backendKindLabels,
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

/** One look for "no owner team" wherever it shows (table, metadata, hygiene). */
export function NoOwnerBadge() {
  return (
    <span className="whitespace-nowrap">
      <Badge tone="yellow">No owner</Badge>
    </span>
  );
}

const backendKindShort: Record<string, string> = {
  keyward: "Keyward",
  vault_kv: "Vault KV",
  aws_sm: "AWS SM",
  azure_kv: "Azure KV",
  gcp_sm: "GCP SM",
  kubernetes: "K8s",
  git: "Git",
  config_file: "Config",
  env_var: "Env var",
  ci_variable: "CI var",
};

export function backendKindLabel(kind: string): string {
  return backendKindLabels[kind as keyof typeof backendKindLabels] ?? kind;
}

/** A backend kind as a short badge; the full name is its tooltip. */
export function BackendKindBadge({ kind, full = false }: { kind: string; full?: boolean }) {
  return (
    <span title={backendKindLabel(kind)}>
      <Badge>{full ? backendKindLabel(kind) : (backendKindShort[kind] ?? kind)}</Badge>
    </span>
  );
}

/** A backend in a table cell: its name on one line (cut, full text as tooltip), kind badge and "not vaulted" below. */
export function BackendCell({ name, kind, vaulted }: { name: string; kind: string; vaulted: boolean }) {
  return (
    <div className="w-36 max-w-36">
      <div className="truncate" title={name}>
        {name}
      </div>
      <div className="mt-0.5 flex flex-wrap items-center gap-1">
        <BackendKindBadge kind={kind} />
        {vaulted ? null : <span className="whitespace-nowrap text-xs text-amber-700 dark:text-amber-400">not vaulted</span>}
      </div>
    </div>
  );
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
        f === "unowned" ? (
          <NoOwnerBadge key={f} />
        ) : (
          <Badge key={f} tone={f === "unused_90d" ? "yellow" : "red"}>
            {flagLabels[f] ?? f}
          </Badge>
        )
      ))}
    </span>
  );
}

/** Same text on server and client, whatever the browser's time zone. */
export function day(d: Date | string | null | undefined): string {
  if (!d) return "—";
  return new Date(d).toISOString().slice(0, 10);
}
