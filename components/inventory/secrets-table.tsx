"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { DataTable, RowLink, type DataTableFeatures } from "@/components/data-table/data-table";
import { Button } from "@/components/ui/button";
import { bulkUpdateSecretsAction } from "@/app/(console)/inventory/actions";
import { classificationLabels, classifications, typeLabels } from "@/lib/domain/inventory/schemas";
import { BackendCell, ClassificationBadge, EnvironmentBadge, NoOwnerBadge, OverdueBadge, StatusBadge, day } from "./badges";

export type TSecretTableRow = {
  id: string;
  name: string;
  path: string;
  type: string;
  environment: string;
  classification: string;
  status: string;
  vaulted: boolean;
  overdue: boolean;
  ownerTeam: { id: string; name: string } | null;
  backend: { id: string; name: string; kind: string };
  rotationDueAt: Date | null;
  lastRotatedAt: Date | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
};

const col = createColumnHelper<DataTableFeatures, TSecretTableRow>();
const columns = [
  col.accessor("name", {
    header: "Name",
    meta: { label: "Name" },
    enableHiding: false,
    cell: (c) => (
      <div className="min-w-44 max-w-72">
        <div className="truncate" title={c.getValue()}>
          <RowLink href={`/inventory/${c.row.original.id}`} testId="secret-link">
            {c.getValue()}
          </RowLink>
        </div>
        <div className="truncate font-mono text-xs text-slate-500" title={c.row.original.path}>
          {c.row.original.path}
        </div>
      </div>
    ),
  }),
  col.accessor("type", { header: "Type", meta: { label: "Type" }, cell: (c) => typeLabels[c.getValue() as keyof typeof typeLabels] ?? c.getValue() }),
  col.accessor("environment", { header: "Env", meta: { label: "Environment" }, cell: (c) => <EnvironmentBadge environment={c.getValue()} /> }),
  col.accessor("classification", { header: "Classification", meta: { label: "Classification" }, cell: (c) => <ClassificationBadge classification={c.getValue()} /> }),
  col.accessor("status", { header: "Status", meta: { label: "Status" }, cell: (c) => <StatusBadge status={c.getValue()} /> }),
  col.accessor((r) => r.ownerTeam?.name ?? null, {
    id: "ownerTeam",
    header: "Owner",
    meta: { label: "Owner team" },
    enableSorting: false,
    cell: (c) => c.getValue() ?? <NoOwnerBadge />,
  }),
  col.accessor((r) => r.backend.name, {
    id: "backend",
    header: "Backend",
    meta: { label: "Backend" },
    enableSorting: false,
    cell: (c) => <BackendCell name={c.getValue()} kind={c.row.original.backend.kind} vaulted={c.row.original.vaulted} />,
  }),
  col.accessor("rotationDueAt", {
    header: "Rotation due",
    meta: { label: "Rotation due", className: "whitespace-nowrap" },
    cell: (c) => (
      <span className="flex flex-col items-start gap-0.5">
        {day(c.getValue())}
        {c.row.original.overdue ? <OverdueBadge /> : null}
      </span>
    ),
  }),
  col.accessor("lastRotatedAt", { header: "Last rotated", meta: { label: "Last rotated", className: "whitespace-nowrap" }, cell: (c) => day(c.getValue()) }),
  col.accessor("expiresAt", { header: "Expires", meta: { label: "Expires", className: "whitespace-nowrap" }, cell: (c) => day(c.getValue()) }),
  col.accessor("lastUsedAt", { header: "Last used", meta: { label: "Last used", className: "whitespace-nowrap" }, cell: (c) => day(c.getValue()) }),
  col.accessor("createdAt", { header: "Created", meta: { label: "Created", className: "whitespace-nowrap" }, cell: (c) => day(c.getValue()) }),
];

/** Dates beyond the due date: one tick away in the Columns menu, so the default view fits a laptop screen. */
const DEFAULT_HIDDEN = ["lastRotatedAt", "expiresAt", "lastUsedAt", "createdAt"];

type Option = { id: string; name: string };

export function SecretsTable(props: {
  rows: TSecretTableRow[];
  total: number;
  totalExact: boolean;
  hasMore: boolean;
  canBulk: boolean;
  /** Teams the person may assign; null: may also clear the owner. */
  bulkTeams: Option[];
  canUnassign: boolean;
  toolbar?: React.ReactNode;
  empty: React.ReactNode;
  /** The order the server uses when the URL names none (it differs while searching). */
  defaultSort: { id: string; desc: boolean };
}) {
  return (
    <DataTable
      label="Secrets"
      testId="secrets"
      columns={columns}
      data={props.rows}
      getRowId={(r) => r.id}
      total={props.total}
      totalExact={props.totalExact}
      hasMore={props.hasMore}
      defaultSort={props.defaultSort}
      defaultPageSize={50}
      defaultHidden={DEFAULT_HIDDEN}
      toolbar={props.toolbar}
      empty={props.empty}
      bulkActions={props.canBulk ? (ids) => <BulkActions ids={ids} teams={props.bulkTeams} canUnassign={props.canUnassign} /> : undefined}
    />
  );
}

const UNOWNED = "__unowned__";

function BulkActions({ ids, teams, canUnassign }: { ids: string[]; teams: Option[]; canUnassign: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [team, setTeam] = useState("");
  const [classification, setClassification] = useState("");
  const [result, setResult] = useState<{ ok: boolean; message?: string } | null>(null);

  const run = (input: Record<string, unknown>) =>
    start(async () => {
      const res = await bulkUpdateSecretsAction({ ids, ...input });
      setResult(res);
      // The selection stays, so the confirmation stays visible next to it.
      if (res.ok) router.refresh();
    });

  const select = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";
  return (
    <>
      <form
        className="flex items-center gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          if (team) run({ ownerTeamId: team === UNOWNED ? null : team });
        }}
      >
        <label htmlFor="bulk-team" className="sr-only">
          Owner team
        </label>
        <select id="bulk-team" data-testid="bulk-team" className={select} value={team} onChange={(e) => setTeam(e.target.value)}>
          <option value="">Owner team…</option>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
          {canUnassign ? <option value={UNOWNED}>No owner</option> : null}
        </select>
        <Button type="submit" variant="secondary" disabled={!team || pending} data-testid="bulk-assign">
          Assign owner
        </Button>
      </form>
      <form
        className="flex items-center gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          if (classification) run({ classification });
        }}
      >
        <label htmlFor="bulk-classification" className="sr-only">
          Classification
        </label>
        <select id="bulk-classification" data-testid="bulk-classification" className={select} value={classification} onChange={(e) => setClassification(e.target.value)}>
          <option value="">Classification…</option>
          {classifications.map((c) => (
            <option key={c} value={c}>
              {classificationLabels[c]}
            </option>
          ))}
        </select>
        <Button type="submit" variant="secondary" disabled={!classification || pending} data-testid="bulk-classify">
          Set classification
        </Button>
      </form>
      {pending ? <span aria-live="polite">Saving…</span> : null}
      {result?.message ? (
        <span role={result.ok ? "status" : "alert"} data-testid="bulk-result" className={result.ok ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}>
          {result.message}
        </span>
      ) : null}
    </>
  );
}
