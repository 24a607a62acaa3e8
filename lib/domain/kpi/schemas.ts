// KPI inputs. Browser-safe (no server imports).
import { z } from "zod";
import { Classification, Environment } from "@/generated/prisma/enums";

const optionalEnum = <T extends Record<string, string>>(values: T) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), z.enum(values).optional());

/** Every KPI can be narrowed by team, environment and classification (KPIS.md). */
export const ZOverviewQuery = z.strictObject({
  environment: optionalEnum(Environment),
  classification: optionalEnum(Classification),
  ownerTeamId: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.uuid({ error: "Use a team id." }).optional()),
});
export type TOverviewQuery = z.output<typeof ZOverviewQuery>;

/** Secrets that still matter: revoked and deprecated ones are out of every KPI. */
export const liveStatuses = ["active", "pending_rotation", "compromised"] as const;

/** Types a dynamic (leased) credential can replace: database and cloud credentials. */
export const dynamicCapableTypes = ["password", "connection_string", "cloud_access_key"] as const;

/**
 * Findings that are still a hardcoded secret (KPIS.md "open hardcoded-secret findings"): not
 * resolved and not a false positive. Triaged and accepted-risk findings are still in the code.
 */
export const unresolvedFindingStatuses = ["open", "triaged", "accepted_risk"] as const;
/** "New" hardcoded secrets: findings first seen within this many days. */
export const NEW_FINDING_DAYS = 7;

export const EXPIRY_WINDOW_DAYS = 30;
export const STALE_DAYS = 90;

export const ageBuckets = [
  { key: "d30", label: "≤ 30 d", max: 30 },
  { key: "d90", label: "31–90 d", max: 90 },
  { key: "d180", label: "91–180 d", max: 180 },
  { key: "d365", label: "181–365 d", max: 365 },
  { key: "older", label: "> 1 year", max: Infinity },
] as const;
