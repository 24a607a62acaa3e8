import { z } from "zod";
import { roles } from "@/lib/authz/permissions";
import { listQuery, ZName } from "@/lib/list-query";

export const ZRole = z.enum(roles);
export const ZUserId = z.uuid("Not a valid user id");
const ZTeamIds = z.array(z.uuid("Not a valid team id")).max(100);

export const ZInviteUser = z.strictObject({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email("Not a valid email address")),
  name: ZName,
  role: ZRole,
  teamIds: ZTeamIds.default([]),
  // With a password the account is active at once (password sign-in); without one it stays
  // "invited" until its first single sign-on, which activates it.
  password: z.string().min(12, "At least 12 characters").max(1024).optional(),
});
export type TInviteUser = z.input<typeof ZInviteUser>;

export const ZSetUserRole = z.strictObject({ role: ZRole });
export const ZSetUserTeams = z.strictObject({ teamIds: ZTeamIds });

// PATCH /api/v1/users/{id}: any of these, applied in one transaction.
export const ZUserUpdate = z
  .strictObject({ name: ZName, role: ZRole, teamIds: ZTeamIds, status: z.enum(["active", "disabled"]) })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Change at least one field");
export type TUserUpdate = z.input<typeof ZUserUpdate>;

export const ZUserListQuery = listQuery(["name", "email", "role", "createdAt"], {
  role: ZRole.optional(),
  status: z.enum(["invited", "active", "disabled"]).optional(),
  teamId: z.uuid("Not a valid team id").optional(),
});
export type TUserListQuery = z.input<typeof ZUserListQuery>;

// Response shape, for the OpenAPI document. Password hashes never leave the server.
export const ZUserOut = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: ZRole,
  status: z.enum(["invited", "active", "disabled"]),
  sso: z.boolean(),
  teams: z.array(z.object({ id: z.uuid(), name: z.string() })),
  lastLoginAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
