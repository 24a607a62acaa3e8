import "server-only";
import { authorize, type Actor } from "@/lib/authz/authorize";
import { db, type Prisma } from "@/lib/db";
import { parse } from "@/lib/errors";
import { paging, withoutEmpty, type TPage } from "@/lib/list-query";
import { ZAuditListQuery } from "./schemas";

const uuidLike = /^[0-9a-f-]{36}$/i;

export async function listAuditEvents(actor: Actor, input: unknown = {}) {
  authorize(actor, "audit:read");
  const q = parse(ZAuditListQuery, withoutEmpty(input));
  const and: Prisma.AuditEventWhereInput[] = [];
  if (q.action) and.push(q.action.endsWith(".") ? { action: { startsWith: q.action } } : { action: q.action });
  if (q.actor) and.push(uuidLike.test(q.actor) ? { actorId: q.actor } : { actorLabel: { contains: q.actor, mode: "insensitive" } });
  if (q.targetType) and.push({ targetType: q.targetType });
  if (q.targetId) and.push({ targetId: q.targetId });
  if (q.from) and.push({ at: { gte: q.from } });
  if (q.to) and.push({ at: { lte: q.to } });
  if (q.q) and.push({ OR: [{ action: { contains: q.q, mode: "insensitive" } }, { actorLabel: { contains: q.q, mode: "insensitive" } }, { targetId: q.q }] });
  const where: Prisma.AuditEventWhereInput = { AND: and };
  const [rows, total] = await Promise.all([
    // The id is the append order, so it sorts like "at" without ties.
    db.auditEvent.findMany({ where, orderBy: { id: q.order }, ...paging(q) }),
    db.auditEvent.count({ where }),
  ]);
  const items = rows.map(({ prevHash: _p, userAgent: _ua, ...e }) => ({ ...e, id: e.id.toString() }));
  return { items, total, page: q.page, pageSize: q.pageSize } satisfies TPage<unknown>;
}

export type TAuditEventView = Awaited<ReturnType<typeof listAuditEvents>>["items"][number];
