"use client";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { DataTable, RowLink, type DataTableFeatures } from "@/components/data-table/data-table";
import { Button } from "@/components/ui/button";
import { migrateFindingsAction, triageFindingsAction } from "@/app/(console)/findings/actions";
import { findingStatuses, findingStatusLabels } from "@/lib/domain/discovery/schemas";
import { NoOwnerBadge } from "@/components/inventory/badges";
import { FindingStatusBadge, SeverityBadge, sourceLabel, when } from "./badges";

export type TFindingTableRow = {
  id: string;
  ruleId: string;
  description: string;
  severity: string;
  preview: string;
  status: string;
  acceptedUntil: Date | null;
  matchesStored: boolean;
  locationCount: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  ownerTeam: { id: string; name: string } | null;
  secret: { id: string; path: string; status: string } | null;
  locations: { repository: string; file: string; line: number; commit: string; source: string; connector: { id: string; name: string } | null }[];
};

const col = createColumnHelper<DataTableFeatures, TFindingTableRow>();
const columns = [
  col.accessor("severity", { header: "Severity", meta: { label: "Severity" }, cell: (c) => <SeverityBadge severity={c.getValue()} /> }),
  col.accessor("ruleId", {
    header: "Rule",
    meta: { label: "Rule", className: "min-w-40" },
    enableHiding: false,
    cell: (c) => (
      <div>
        <RowLink href={`/findings/${c.row.original.id}`} testId="finding-link">
          {c.getValue()}
        </RowLink>
        <div className="font-mono text-xs text-slate-500">{c.row.original.preview}</div>
      </div>
    ),
  }),
  col.accessor((r) => r.locations[0], {
    id: "location",
    header: "Where",
    enableSorting: false,
    meta: { label: "Location and source", className: "max-w-64" },
    cell: (c) => {
      const l = c.getValue();
      if (!l) return "—";
      return (
        <div className="truncate font-mono text-xs" title={`${l.repository} ${l.file}:${l.line}`}>
          <Link className="text-slate-500 hover:underline" href={`/findings?repository=${encodeURIComponent(l.repository)}`}>
            {l.repository}
          </Link>
          <div>
            {l.file}:{l.line}
            {l.commit ? <span className="text-slate-500"> @{l.commit.slice(0, 8)}</span> : null}
          </div>
          {/* Where the latest sighting came from: a connector run or a CI upload. */}
          <div className="font-sans text-slate-500" data-testid="finding-source">
            via{" "}
            {l.connector ? (
              <Link className="hover:underline" href={`/discovery/${l.connector.id}`}>
                {l.connector.name}
              </Link>
            ) : (
              sourceLabel(l)
            )}
          </div>
        </div>
      );
    },
  }),
  col.accessor("locationCount", { header: "Seen at", meta: { label: "Locations" }, cell: (c) => `${c.getValue()} place${c.getValue() === 1 ? "" : "s"}` }),
  col.accessor("status", { header: "Status", enableSorting: false, meta: { label: "Status" }, cell: (c) => <FindingStatusBadge status={c.getValue()} acceptedUntil={c.row.original.acceptedUntil} /> }),
  col.accessor((r) => r.ownerTeam?.name ?? null, {
    id: "ownerTeam",
    header: "Owner",
    enableSorting: false,
    meta: { label: "Owner team" },
    cell: (c) => c.getValue() ?? <NoOwnerBadge />,
  }),
  col.accessor((r) => r.secret, {
    id: "secret",
    header: "Inventory",
    enableSorting: false,
    // Paths wrap anywhere: a long one must not push the table sideways.
    meta: { label: "Inventory secret", className: "max-w-56" },
    cell: (c) => {
      const s = c.getValue();
      if (!s) return <span className="text-xs text-slate-500">not vaulted</span>;
      return (
        <Link href={`/inventory/${s.id}`} className="break-all font-mono text-xs hover:underline">
          {c.row.original.matchesStored ? <strong className="text-red-700 dark:text-red-300">leaked: </strong> : null}
          {s.path}
        </Link>
      );
    },
  }),
  col.accessor("firstSeenAt", { header: "First seen", meta: { label: "First seen", className: "whitespace-nowrap" }, cell: (c) => when(c.getValue()) }),
  col.accessor("lastSeenAt", { header: "Last seen", meta: { label: "Last seen", className: "whitespace-nowrap" }, cell: (c) => when(c.getValue()) }),
];

/** Keeps the default view within a laptop screen; the Columns menu shows it. */
const DEFAULT_HIDDEN = ["firstSeenAt"];

type Option = { id: string; name: string };

export function FindingsTable(props: {
  rows: TFindingTableRow[];
  total: number;
  canTriage: boolean;
  canMigrate: boolean;
  teams: Option[];
  toolbar?: React.ReactNode;
  empty: React.ReactNode;
}) {
  return (
    <DataTable
      label="Findings"
      testId="findings"
      columns={columns}
      data={props.rows}
      getRowId={(r) => r.id}
      total={props.total}
      defaultSort={{ id: "lastSeenAt", desc: true }}
      defaultPageSize={50}
      defaultHidden={DEFAULT_HIDDEN}
      toolbar={props.toolbar}
      empty={props.empty}
      bulkActions={props.canTriage ? (ids) => <BulkActions ids={ids} canMigrate={props.canMigrate} teams={props.teams} /> : undefined}
    />
  );
}

const select = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";

function BulkActions({ ids, canMigrate, teams }: { ids: string[]; canMigrate: boolean; teams: Option[] }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [status, setStatus] = useState("");
  const [note, setNote] = useState("");
  const [until, setUntil] = useState("");
  const [env, setEnv] = useState("");
  const [team, setTeam] = useState("");
  const [result, setResult] = useState<{ ok: boolean; message?: string; fieldErrors?: Record<string, string[]> } | null>(null);

  const run = (fn: () => Promise<{ ok: boolean; message?: string; fieldErrors?: Record<string, string[]> }>) =>
    start(async () => {
      const res = await fn();
      setResult(res);
      if (res.ok) router.refresh();
    });
  const errors = result?.fieldErrors ? Object.values(result.fieldErrors).flat().join(" ") : "";

  return (
    <>
      <form
        className="flex flex-wrap items-center gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          if (!status) return;
          run(() => triageFindingsAction({ ids, status, note, ...(status === "accepted_risk" && until ? { acceptedUntil: until } : {}) }));
        }}
      >
        <label htmlFor="bulk-status" className="sr-only">
          Status
        </label>
        <select id="bulk-status" data-testid="bulk-status" className={select} value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Set status…</option>
          {findingStatuses.map((s) => (
            <option key={s} value={s}>
              {findingStatusLabels[s]}
            </option>
          ))}
        </select>
        {status === "accepted_risk" ? (
          <>
            <label htmlFor="bulk-until" className="text-xs">
              until
            </label>
            <input id="bulk-until" type="date" data-testid="bulk-until" className={select} value={until} onChange={(e) => setUntil(e.target.value)} required />
          </>
        ) : null}
        <label htmlFor="bulk-note" className="sr-only">
          Note
        </label>
        <input id="bulk-note" data-testid="bulk-note" className={select} placeholder="Note (why)" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
        <Button type="submit" variant="secondary" disabled={!status || pending} data-testid="bulk-triage">
          Apply
        </Button>
      </form>
      {canMigrate ? (
        <form
          className="flex flex-wrap items-center gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            if (env) run(() => migrateFindingsAction({ ids, environment: env, ...(team ? { ownerTeamId: team } : {}) }));
          }}
        >
          <label htmlFor="bulk-env" className="sr-only">
            Environment
          </label>
          <select id="bulk-env" data-testid="bulk-env" className={select} value={env} onChange={(e) => setEnv(e.target.value)}>
            <option value="">Environment…</option>
            <option value="dev">Dev</option>
            <option value="staging">Staging</option>
            <option value="prod">Prod</option>
          </select>
          <label htmlFor="bulk-owner" className="sr-only">
            Owner team
          </label>
          <select id="bulk-owner" className={select} value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">Owner: finding&apos;s team</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
          <Button type="submit" disabled={!env || pending} data-testid="bulk-migrate" title="Creates inventory entries in the Keyward vault, pending rotation">
            Migrate to the vault
          </Button>
        </form>
      ) : null}
      {pending ? <span aria-live="polite">Saving…</span> : null}
      {result?.message ? (
        <span role={result.ok ? "status" : "alert"} data-testid="bulk-result" className={result.ok ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}>
          {result.message} {errors}
        </span>
      ) : null}
    </>
  );
}
