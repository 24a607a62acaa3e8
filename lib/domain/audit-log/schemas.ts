import { z } from "zod";
import { listQuery } from "@/lib/list-query";

const ZTime = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((v) => new Date(v));
// A bare date as the upper bound includes that whole day (UTC).
const ZTimeTo = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((v) => (v.length === 10 ? new Date(Date.parse(v) + 86_400_000 - 1) : new Date(v)));

export const ZAuditListQuery = listQuery(["at"], {
  order: z.enum(["asc", "desc"]).default("desc"),
  // Exact action ("team.create"), or a prefix ending in a dot ("team.").
  action: z.string().trim().max(100).optional(),
  // Matches the actor's id exactly or a part of its label (email).
  actor: z.string().trim().max(200).optional(),
  targetType: z.string().trim().max(50).optional(),
  targetId: z.string().trim().max(100).optional(),
  from: ZTime.optional(),
  to: ZTimeTo.optional(),
}).refine((q) => !q.from || !q.to || q.from <= q.to, { message: "“From” must be before “to”", path: ["to"] });
export type TAuditListQuery = z.input<typeof ZAuditListQuery>;

export const ZAuditEventOut = z.object({
  id: z.string().describe("Sequence number (a 64-bit integer, as a string)"),
  at: z.iso.datetime(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
});

export const ZAuditChainStatus = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  brokenAt: z.string().nullable(),
  checkedAt: z.iso.datetime(),
});
