import "server-only";
import { authorize, type Actor } from "@/lib/authz/authorize";
import { db, type Prisma } from "@/lib/db";
import { AppError, parse } from "@/lib/errors";
import { paging, withoutEmpty, type TPage } from "@/lib/list-query";
import { isVaultKind, vaultKinds, ZBackendId, ZBackendListQuery, type TBackendKind } from "./schemas";

export type TBackendSummary = Awaited<ReturnType<typeof listBackends>>["items"][number];

function view<B extends { kind: string; updatedAt: Date; _count: { secrets: number } }>({ _count, updatedAt: _u, ...b }: B) {
  return { ...b, vaulted: isVaultKind(b.kind), secretCount: _count.secrets };
}

export async function listBackends(actor: Actor, input: unknown = {}) {
  authorize(actor, "backend:read");
  const q = parse(ZBackendListQuery, withoutEmpty(input));
  const kinds: Prisma.BackendWhereInput[] = [];
  if (q.kind) kinds.push({ kind: q.kind });
  if (q.vaulted !== undefined) kinds.push({ kind: q.vaulted ? { in: [...vaultKinds] } : { notIn: [...vaultKinds] } });
  if (q.q) kinds.push({ OR: [{ name: { contains: q.q, mode: "insensitive" } }, { description: { contains: q.q, mode: "insensitive" } }] });
  const where: Prisma.BackendWhereInput = { AND: kinds };
  const [rows, total] = await Promise.all([
    db.backend.findMany({ where, orderBy: [{ [q.sort]: q.order }, { id: "asc" }], ...paging(q), include: { _count: { select: { secrets: true } } } }),
    db.backend.count({ where }),
  ]);
  return { items: rows.map(view), total, page: q.page, pageSize: q.pageSize } satisfies TPage<unknown>;
}

export async function getBackend(actor: Actor, id: unknown) {
  authorize(actor, "backend:read");
  const backendId = parse(ZBackendId, id);
  const row = await db.backend.findUnique({ where: { id: backendId }, include: { _count: { select: { secrets: true } } } });
  if (!row) throw new AppError("not_found", "No such backend.");
  return view(row);
}

/** Small id/name/kind list for pickers. */
export async function listBackendOptions(actor: Actor) {
  authorize(actor, "backend:read");
  const rows = await db.backend.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, kind: true }, take: 1000 });
  return rows.map((b) => ({ ...b, kind: b.kind as TBackendKind, vaulted: isVaultKind(b.kind) }));
}
