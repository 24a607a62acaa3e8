"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, RowLink, type DataTableFeatures } from "@/components/data-table/data-table";
import { utc } from "@/components/org/format";
import { Badge } from "@/components/ui/card";
import { RevokeGrant, grantStatusTone, type TGrantRowView } from "./grant-forms";

const col = createColumnHelper<DataTableFeatures, TGrantRowView>();
const columns = [
  col.accessor("principalLabel", {
    header: "Who",
    enableSorting: false,
    cell: (c) => (
      <span>
        <span className="break-words">{c.getValue()}</span> {c.row.original.mine ? <Badge tone="blue">you</Badge> : null}
        {c.row.original.principalType !== "user" ? <span className="block text-xs text-slate-500">{c.row.original.principalType}</span> : null}
      </span>
    ),
  }),
  col.accessor((r) => r.secretPath ?? r.pathPattern ?? "—", {
    id: "covers",
    header: "Secret or path",
    enableSorting: false,
    cell: (c) =>
      c.row.original.secretId ? (
        <RowLink href={`/inventory/${c.row.original.secretId}`}>
          <span className="font-mono text-xs">{c.getValue()}</span>
        </RowLink>
      ) : (
        <span className="font-mono text-xs">{c.getValue()}</span>
      ),
  }),
  col.accessor("capabilities", { header: "Capabilities", enableSorting: false, cell: (c) => <span className="text-xs">{c.getValue().join(", ")}</span> }),
  col.accessor("status", {
    header: "Status",
    enableSorting: false,
    cell: (c) => (
      <span>
        <Badge tone={grantStatusTone[c.getValue()]}>{c.getValue()}</Badge>
        {c.row.original.revokedAt ? <span className="block whitespace-nowrap text-xs text-slate-500">{utc(c.row.original.revokedAt)}</span> : null}
      </span>
    ),
  }),
  col.accessor("expiresAt", { header: "Expires", cell: (c) => <span className="whitespace-nowrap text-xs">{c.getValue() ? utc(c.getValue()) : "never"}</span> }),
  col.accessor("reason", { header: "Reason", enableSorting: false, cell: (c) => <span className="block max-w-xs break-words text-xs">{c.getValue() || "—"}</span> }),
  col.accessor("grantedBy", {
    header: "Issued by",
    enableSorting: false,
    cell: (c) => (
      <span className="text-xs">
        <span className="block break-words">{c.getValue()}</span>
        <span className="text-slate-500">{utc(c.row.original.grantedAt)}</span>
      </span>
    ),
  }),
  col.accessor("grantedAt", { header: "Issued", cell: (c) => <span className="whitespace-nowrap text-xs">{utc(c.getValue())}</span> }),
  col.accessor("lastUsedAt", { header: "Last used", cell: (c) => <span className="whitespace-nowrap text-xs">{c.getValue() ? utc(c.getValue()) : "never"}</span> }),
];
const revokeColumn = col.display({ id: "actions", header: "", meta: { label: "Actions" }, cell: (c) => (c.row.original.status === "active" ? <RevokeGrant grant={c.row.original} /> : null) });
const manageColumns = [...columns, revokeColumn];

/** `manage`: the viewer may revoke (vault:policy); without it the table is read-only. */
export function GrantsTable(p: { items: TGrantRowView[]; total: number; manage: boolean; empty: React.ReactNode; toolbar?: React.ReactNode }) {
  return (
    <DataTable
      label="Grants"
      testId="grants"
      columns={p.manage ? manageColumns : columns}
      data={p.items}
      total={p.total}
      getRowId={(r) => r.id}
      defaultSort={{ id: "grantedAt", desc: true }}
      defaultPageSize={25}
      defaultHidden={["grantedAt"]}
      empty={p.empty}
      toolbar={p.toolbar}
    />
  );
}
