import { z } from "zod";
import { listQuery, ZDescription, ZName, ZSlug } from "@/lib/list-query";

export const ZTeamId = z.uuid("Not a valid team id");

export const ZTeamCreate = z.strictObject({
  name: ZName,
  // Derived from the name when left out.
  slug: ZSlug.optional(),
  description: ZDescription.default(""),
  managerId: z.uuid("Not a valid user id").nullable().default(null),
  memberIds: z.array(z.uuid("Not a valid user id")).max(500).default([]),
});
export type TTeamCreate = z.input<typeof ZTeamCreate>;

export const ZTeamUpdate = z
  .strictObject({
    name: ZName,
    slug: ZSlug,
    description: ZDescription,
    managerId: z.uuid("Not a valid user id").nullable(),
    memberIds: z.array(z.uuid("Not a valid user id")).max(500),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Change at least one field");
export type TTeamUpdate = z.input<typeof ZTeamUpdate>;

export const ZTeamListQuery = listQuery(["name", "slug", "createdAt"], {});
export type TTeamListQuery = z.input<typeof ZTeamListQuery>;

// Response shapes, for the OpenAPI document.
const ZUserRef = z.object({ id: z.uuid(), name: z.string(), email: z.string() });
export const ZTeamSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  description: z.string(),
  manager: ZUserRef.nullable(),
  memberCount: z.number().int(),
  applicationCount: z.number().int(),
  secretCount: z.number().int(),
  createdAt: z.iso.datetime(),
});
export const ZOwnershipGaps = z.object({
  unownedSecrets: z.number().int(),
  applicationsWithoutOwner: z.number().int(),
  applicationsWithoutOwnerSample: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
export const ZTeamDetail = ZTeamSummary.extend({
  members: z.array(ZUserRef.extend({ role: z.string(), status: z.string() })),
  applications: z.array(z.object({ id: z.uuid(), name: z.string(), slug: z.string(), environments: z.array(z.string()) })),
  secrets: z.object({
    total: z.number().int(),
    byEnvironment: z.record(z.string(), z.number().int()),
    withHygieneFlags: z.number().int(),
  }),
  gaps: ZOwnershipGaps,
});
