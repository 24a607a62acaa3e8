import { z } from "zod";
import { listQuery, ZDescription, ZName, ZSlug } from "@/lib/list-query";

export const environments = ["dev", "staging", "prod"] as const;
export const ZEnvironment = z.enum(environments);

export const ZApplicationId = z.uuid("Not a valid application id");

const ZEnvironments = z
  .array(ZEnvironment)
  .max(environments.length)
  .refine((v) => new Set(v).size === v.length, "List each environment once");

export const ZApplicationCreate = z.strictObject({
  name: ZName,
  // Derived from the name when left out.
  slug: ZSlug.optional(),
  description: ZDescription.default(""),
  ownerTeamId: z.uuid("Not a valid team id").nullable().default(null),
  environments: ZEnvironments.default([]),
});
export type TApplicationCreate = z.input<typeof ZApplicationCreate>;

export const ZApplicationUpdate = z
  .strictObject({
    name: ZName,
    slug: ZSlug,
    description: ZDescription,
    ownerTeamId: z.uuid("Not a valid team id").nullable(),
    environments: ZEnvironments,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Change at least one field");
export type TApplicationUpdate = z.input<typeof ZApplicationUpdate>;

export const ZApplicationListQuery = listQuery(["name", "slug", "createdAt"], {
  ownerTeamId: z.uuid("Not a valid team id").optional(),
  environment: ZEnvironment.optional(),
  // true: only applications without an owner team.
  unowned: z.stringbool().optional(),
});
export type TApplicationListQuery = z.input<typeof ZApplicationListQuery>;

// Response shapes, for the OpenAPI document.
const ZTeamRef = z.object({ id: z.uuid(), name: z.string() });
export const ZApplicationSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  description: z.string(),
  ownerTeam: ZTeamRef.nullable(),
  environments: z.array(ZEnvironment),
  consumedSecretCount: z.number().int(),
  createdAt: z.iso.datetime(),
});
const ZConsumedSecret = z.object({
  id: z.uuid(),
  name: z.string(),
  path: z.string(),
  type: z.string(),
  classification: z.string(),
  status: z.string(),
  ownerTeam: ZTeamRef.nullable(),
});
export const ZApplicationDetail = ZApplicationSummary.extend({
  consumes: z.object({ dev: z.array(ZConsumedSecret), staging: z.array(ZConsumedSecret), prod: z.array(ZConsumedSecret) }),
  // Consumed secrets owned by teams whose secrets the caller may not see: counted, not listed.
  hiddenSecretCount: z.number().int(),
});
