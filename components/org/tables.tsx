"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, RowLink, type DataTableFeatures } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/card";
import type { TApplicationSummary } from "@/lib/domain/applications/queries";
import type { TAuditEventView } from "@/lib/domain/audit-log/queries";
import type { TBackendSummary } from "@/lib/domain/backends/queries";
import type { TTeamSummary } from "@/lib/domain/teams/queries";
import type { TUserView } from "@/lib/domain/users/queries";
import { utc } from "./format";
import { backendKindLabels, type TBackendKind } from "@/lib/domain/backends/schemas";

type Paged<T> = { items: T[]; total: number; empty: React.ReactNode; toolbar?: React.ReactNode };


const teamCol = createColumnHelper<DataTableFeatures, TTeamSummary>();
const teamColumns = [
  teamCol.accessor("name", { header: "Team", cell: (c) => <RowLink href={`/teams/${c.row.original.id}`}>{c.getValue()}</RowLink> }),
  teamCol.accessor("slug", { header: "Slug", meta: { className: "font-mono text-xs" } }),
  teamCol.accessor((r) => r.manager?.name ?? "—", { id: "manager", header: "Manager", enableSorting: false }),
  teamCol.accessor("memberCount", { header: "Members", enableSorting: false, meta: { className: "tabular-nums" } }),
  teamCol.accessor("applicationCount", { header: "Applications", enableSorting: false, meta: { className: "tabular-nums" } }),
  teamCol.accessor("secretCount", { header: "Secrets", enableSorting: false, meta: { className: "tabular-nums" } }),
  teamCol.accessor("createdAt", { header: "Created", cell: (c) => utc(c.getValue()) }),
];
export function TeamsTable(p: Paged<TTeamSummary>) {
  return <DataTable label="Teams" testId="teams" columns={teamColumns} data={p.items} total={p.total} getRowId={(r) => r.id} defaultSort={{ id: "name", desc: false }} defaultPageSize={25} empty={p.empty} toolbar={p.toolbar} />;
}

const envTone = { dev: "gray", staging: "yellow", prod: "red" } as const;
export function EnvBadges({ envs }: { envs: string[] }) {
  if (!envs.length) return <span className="text-slate-400">—</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {envs.map((e) => (
        <Badge key={e} tone={envTone[e as keyof typeof envTone] ?? "gray"}>
          {e}
        </Badge>
      ))}
    </span>
  );
}

const appCol = createColumnHelper<DataTableFeatures, TApplicationSummary>();
const appColumns = [
  appCol.accessor("name", { header: "Application", cell: (c) => <RowLink href={`/applications/${c.row.original.id}`}>{c.getValue()}</RowLink> }),
  appCol.accessor((r) => r.ownerTeam?.name ?? null, {
    id: "ownerTeam",
    header: "Owner team",
    enableSorting: false,
    cell: (c) => (c.getValue() ? c.getValue() : <Badge tone="yellow">No owner</Badge>),
  }),
  appCol.accessor("environments", { header: "Environments", enableSorting: false, cell: (c) => <EnvBadges envs={c.getValue()} /> }),
  appCol.accessor("consumedSecretCount", { header: "Secrets used", enableSorting: false, meta: { className: "tabular-nums" } }),
  appCol.accessor("createdAt", { header: "Created", cell: (c) => utc(c.getValue()) }),
];
export function ApplicationsTable(p: Paged<TApplicationSummary>) {
  return <DataTable label="Applications" testId="applications" columns={appColumns} data={p.items} total={p.total} getRowId={(r) => r.id} defaultSort={{ id: "name", desc: false }} defaultPageSize={25} empty={p.empty} toolbar={p.toolbar} />;
}

const beCol = createColumnHelper<DataTableFeatures, TBackendSummary>();
const backendColumns = [
  beCol.accessor("name", { header: "Backend", cell: (c) => <RowLink href={`/backends/${c.row.original.id}`}>{c.getValue()}</RowLink> }),
  beCol.accessor("kind", { header: "Kind", cell: (c) => backendKindLabels[c.getValue() as TBackendKind] ?? c.getValue() }),
  beCol.accessor("vaulted", { header: "Vaulted", enableSorting: false, cell: (c) => (c.getValue() ? <Badge tone="green">Vault</Badge> : <Badge tone="red">Unmanaged</Badge>) }),
  beCol.accessor("secretCount", { header: "Secrets", enableSorting: false, meta: { className: "tabular-nums" } }),
  beCol.accessor("createdAt", { header: "Created", cell: (c) => utc(c.getValue()) }),
];
export function BackendsTable(p: Paged<TBackendSummary>) {
  return <DataTable label="Backends" testId="backends" columns={backendColumns} data={p.items} total={p.total} getRowId={(r) => r.id} defaultSort={{ id: "name", desc: false }} defaultPageSize={25} empty={p.empty} toolbar={p.toolbar} />;
}

const statusTone = { active: "green", invited: "blue", disabled: "gray" } as const;
const userCol = createColumnHelper<DataTableFeatures, TUserView>();
function userColumns(manage: boolean) {
  return [
    userCol.accessor("name", {
      header: "Name",
      cell: (c) => (manage ? <RowLink href={`/settings/users/${c.row.original.id}`}>{c.getValue()}</RowLink> : c.getValue()),
    }),
    userCol.accessor("email", { header: "Email" }),
    userCol.accessor("role", { header: "Role" }),
    userCol.accessor("status", { header: "Status", enableSorting: false, cell: (c) => <Badge tone={statusTone[c.getValue()]}>{c.getValue()}</Badge> }),
    userCol.accessor((r) => r.teams.map((t) => t.name).join(", ") || "—", { id: "teams", header: "Teams", enableSorting: false }),
    userCol.accessor("lastLoginAt", { header: "Last sign-in", enableSorting: false, cell: (c) => utc(c.getValue()) }),
  ];
}
const userColumnsManage = userColumns(true);
const userColumnsRead = userColumns(false);
export function UsersTable(p: Paged<TUserView> & { manage: boolean }) {
  return <DataTable label="Users" testId="users" columns={p.manage ? userColumnsManage : userColumnsRead} data={p.items} total={p.total} getRowId={(r) => r.id} defaultSort={{ id: "name", desc: false }} defaultPageSize={25} empty={p.empty} toolbar={p.toolbar} />;
}

const auditCol = createColumnHelper<DataTableFeatures, TAuditEventView>();
const auditColumns = [
  auditCol.accessor("id", { header: "#", enableSorting: false, meta: { className: "tabular-nums text-slate-500" } }),
  auditCol.accessor("at", { header: "Time", cell: (c) => <span className="whitespace-nowrap">{utc(c.getValue())}</span> }),
  auditCol.accessor("actorLabel", { header: "Actor", enableSorting: false }),
  auditCol.accessor("action", { header: "Action", enableSorting: false, meta: { className: "font-mono text-xs" } }),
  auditCol.accessor((r) => `${r.targetType}${r.targetId ? ` ${r.targetId}` : ""}`, { id: "target", header: "Target", enableSorting: false, meta: { className: "font-mono text-xs" } }),
  auditCol.accessor("ip", { header: "IP", enableSorting: false, cell: (c) => c.getValue() ?? "—" }),
  auditCol.display({
    id: "change",
    header: "Change",
    meta: { label: "Change" },
    cell: (c) => {
      const { before, after } = c.row.original;
      if (before == null && after == null) return "—";
      return (
        <details>
          <summary className="cursor-pointer text-xs text-brand-700 dark:text-brand-100">Show</summary>
          <pre className="mt-1 max-w-md overflow-x-auto whitespace-pre-wrap text-xs">{JSON.stringify({ before, after }, null, 2)}</pre>
        </details>
      );
    },
  }),
];
export function AuditTable(p: Paged<TAuditEventView>) {
  return <DataTable label="Audit events" testId="audit" columns={auditColumns} data={p.items} total={p.total} getRowId={(r) => r.id} defaultSort={{ id: "at", desc: true }} defaultPageSize={50} empty={p.empty} toolbar={p.toolbar} />;
}
