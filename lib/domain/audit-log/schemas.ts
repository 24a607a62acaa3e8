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

export const verifyModes = ["incremental", "full"] as const;
export type TVerifyMode = (typeof verifyModes)[number];

// POST /api/v1/audit/verify: "incremental" checks the events after the newest checkpoint,
// "full" the whole chain from the first event.
export const ZAuditVerifyRequest = z.strictObject({ mode: z.enum(verifyModes).default("incremental") });

const ZEventId = z.string().describe("Audit event id (a 64-bit integer, as a string)");

/** A finished verification, as its JobRun's result and its audit.verify.completed event record it. */
export const ZAuditVerifyOutcome = z.object({
  ok: z.boolean(),
  mode: z.enum(verifyModes),
  checked: z.number().int().describe("Events checked (incremental: those after the checkpoint)"),
  brokenAt: ZEventId.nullable().describe("The first event that does not verify"),
  fromEventId: ZEventId.describe("The checkpoint event the check started after; 0 from the start"),
  toEventId: ZEventId.describe("The newest event when the check started: verified up to here when ok"),
});
export type TAuditVerifyOutcome = z.infer<typeof ZAuditVerifyOutcome>;

export const ZAuditChainStatus = z.object({
  verified: z
    .object({ eventId: ZEventId, hash: z.string(), at: z.iso.datetime() })
    .nullable()
    .describe("The newest checkpoint: the newest event a verification found intact and its hash, to note outside Keyward and check later (POST /api/v1/audit/anchor)"),
  last: ZAuditVerifyOutcome.extend({ jobRunId: z.uuid(), checkedAt: z.iso.datetime() }).nullable().describe("The newest finished verification; null before the first"),
  running: z
    .object({ jobRunId: z.uuid(), status: z.enum(["queued", "running"]), progress: z.number().int(), total: z.number().int(), message: z.string(), requestedAt: z.iso.datetime() })
    .nullable(),
  lastFailure: z.object({ jobRunId: z.uuid(), error: z.string(), at: z.iso.datetime() }).nullable().describe("A verification that could not run, when newer than `last`"),
});

export const ZAuditVerifyRequested = z.object({ jobRunId: z.uuid(), mode: z.enum(verifyModes), status: z.literal("queued") });

// POST /api/v1/audit/anchor: an event id and the hash noted for it outside the database (from the
// audit page or the worker's "[audit] chain verified up to #N sha256:…" log line).
export const ZAuditAnchorRequest = z.strictObject({
  eventId: z
    .union([z.int().positive(), z.string().trim().regex(/^[1-9]\d{0,17}$/)], { error: "An event id: a whole number from 1." })
    .transform(String)
    .describe("The audit event id noted (a number, or a string of digits)"),
  hash: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(sha256:)?[0-9a-f]{64}$/, "64 hexadecimal characters, with or without “sha256:” in front.")
    .transform((h) => h.replace(/^sha256:/, ""))
    .describe("The hash noted for that event: 64 hex characters, optionally prefixed with `sha256:`"),
});

export const ZAuditAnchorRequested = z.object({ jobRunId: z.uuid(), eventId: ZEventId, hash: z.string(), status: z.literal("queued") });

/** A finished anchor check, as its JobRun's result and its audit.anchor_checked event record it. */
export const ZAuditAnchorOutcome = z.object({
  ok: z.boolean().describe("The event still carries the noted hash and the chain from it to the head verifies"),
  mode: z.literal("anchor"),
  eventId: ZEventId,
  hash: z.string(),
  checked: z.number().int().describe("Events checked after the anchor"),
  brokenAt: ZEventId.nullable().describe("The anchor's id when it no longer carries the noted hash (edited, rewritten or gone), else the first event after it that does not verify"),
  toEventId: ZEventId.describe("The newest event when the check started"),
});
export type TAuditAnchorOutcome = z.infer<typeof ZAuditAnchorOutcome>;
