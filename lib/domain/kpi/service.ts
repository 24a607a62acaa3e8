import "server-only";
import { authorize, teamFilter, type Actor } from "@/lib/authz/authorize";
import { parse } from "@/lib/errors";
import { countKpis, splitByEnvironment, teamOptions, unvaultedBackendIds, type TKpiCounts } from "./queries";
import { ageBuckets, EXPIRY_WINDOW_DAYS, liveStatuses, NEW_FINDING_DAYS, unresolvedFindingStatuses, ZOverviewQuery, type TOverviewQuery } from "./schemas";

export type TKpi = {
  key: string;
  label: string;
  /** The number itself (a share is 0..1). */
  value: number | null;
  display: string;
  target: string | null;
  /** Whether the value meets its target; null when there is nothing to measure. */
  ok: boolean | null;
  hint?: string;
  /** The rows behind the number (inventory, or findings for hardcoded secrets). */
  href?: string;
};

export type TFixItem = { key: string; label: string; count: number; severity: "high" | "medium"; href: string; why: string };

export type TOverview = {
  filters: TOverviewQuery;
  scope: "all" | "team";
  teams: Array<{ id: string; name: string }>;
  counts: TKpiCounts;
  kpis: TKpi[];
  fixFirst: TFixItem[];
  byEnvironment: Array<{ environment: string; vaulted: number; hardcoded: number }>;
  byAge: Array<{ bucket: string; secrets: number }>;
};

const pct = (v: number | null) => (v === null ? "–" : `${(Math.floor(v * 1000) / 10).toFixed(1)}%`);
const ratio = (num: number, den: number) => (den === 0 ? null : num / den);

/** An inventory URL with the overview's filters plus the drill-down's own. */
export function inventoryHref(filters: TOverviewQuery, extra: Record<string, string | string[] | undefined>): string {
  const p = new URLSearchParams();
  p.set("status", liveStatuses.join(","));
  if (filters.environment) p.set("environment", filters.environment);
  if (filters.classification) p.set("classification", filters.classification);
  if (filters.ownerTeamId) p.set("ownerTeamId", filters.ownerTeamId);
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) continue;
    p.set(k, Array.isArray(v) ? v.join(",") : v);
  }
  return `/inventory?${p.toString().replaceAll("%2C", ",")}`;
}

/** The findings list behind the hardcoded-secrets number (only expressible without environment/classification filters). */
export function findingsHref(filters: TOverviewQuery): string | undefined {
  if (filters.environment || filters.classification) return undefined;
  const p = new URLSearchParams();
  p.set("status", unresolvedFindingStatuses.join(","));
  if (filters.ownerTeamId) p.set("ownerTeamId", filters.ownerTeamId);
  return `/findings?${p.toString().replaceAll("%2C", ",")}`;
}

/**
 * The overview's headline numbers against their targets (KPIS.md), the "what to fix first"
 * list and the chart data. Team-scoped roles see their own teams' secrets only. Revoked and
 * deprecated secrets count nowhere.
 */
export async function getOverview(actor: Actor, input: unknown = {}): Promise<TOverview> {
  authorize(actor, "dashboard:read");
  const filters = parse(ZOverviewQuery, input);
  const teamIds = teamFilter(actor, "secret:read");
  const findingTeamIds = teamFilter(actor, "finding:read");
  const now = new Date();
  const [counts, byEnvironment, hardcodedBackends, teams] = await Promise.all([
    countKpis(filters, teamIds, now, findingTeamIds),
    splitByEnvironment(filters, teamIds),
    unvaultedBackendIds(),
    teamOptions(teamIds),
  ]);
  const c = counts;
  const href = (extra: Record<string, string | string[] | undefined>) => inventoryHref(filters, extra);
  // The inventory filters by backend; no unvaulted backend means nothing can be hardcoded.
  const hardcodedHref = hardcodedBackends.length ? href({ backendId: hardcodedBackends }) : undefined;

  // KPIS.md: hardcoded findings not linked to a secret count as one unvaulted secret each.
  const coverage = ratio(c.vaulted, c.total + c.unlinkedFindings);
  const measured = c.total + c.hardcodedFindings > 0;
  const compliance = ratio(c.withPolicy - c.overdue, c.withPolicy);
  const dynamicShare = ratio(c.dynamic, c.dynamicCapable);
  const kpis: TKpi[] = [
    { key: "total", label: "Secrets", value: c.total, display: c.total.toLocaleString("en"), target: null, ok: null, hint: "not revoked or deprecated", href: href({}) },
    {
      key: "coverage", label: "Vault coverage", value: coverage, display: pct(coverage), target: "> 90%",
      ok: coverage === null ? null : coverage > 0.9,
      hint: `${c.vaulted.toLocaleString("en")} of ${(c.total + c.unlinkedFindings).toLocaleString("en")} in a vault${c.unlinkedFindings ? `, counting ${c.unlinkedFindings.toLocaleString("en")} found hardcoded` : ""}`,
    },
    {
      key: "hardcoded", label: "Hardcoded secrets", value: c.hardcodedFindings, display: c.hardcodedFindings.toLocaleString("en"), target: "0 new",
      ok: measured ? c.newHardcodedFindings === 0 : null,
      hint: `open findings; ${c.newHardcodedFindings.toLocaleString("en")} new in the last ${NEW_FINDING_DAYS} days`, href: findingsHref(filters),
    },
    {
      key: "compliance", label: "Rotation compliance", value: compliance, display: pct(compliance), target: "100%",
      ok: compliance === null ? null : compliance >= 1, hint: `${c.withPolicy.toLocaleString("en")} secrets have a rotation policy`,
    },
    {
      key: "overdue", label: "Overdue rotations", value: c.overdue, display: c.overdue.toLocaleString("en"), target: "0",
      ok: c.total === 0 ? null : c.overdue === 0, href: href({ overdue: "true", sort: "rotationDueAt" }),
    },
    {
      key: "unowned", label: "Unowned secrets", value: c.unowned, display: c.unowned.toLocaleString("en"), target: "0",
      ok: c.total === 0 ? null : c.unowned === 0, href: href({ unowned: "true" }),
    },
    {
      key: "expiring", label: `Expiring within ${EXPIRY_WINDOW_DAYS} days`, value: c.expiringSoon, display: c.expiringSoon.toLocaleString("en"),
      target: "0 expired", ok: c.total === 0 ? null : c.expired === 0, hint: `${c.expired.toLocaleString("en")} already expired`,
      href: href({ sort: "expiresAt" }),
    },
    {
      key: "dynamic", label: "Dynamic secrets", value: dynamicShare, display: pct(dynamicShare), target: "> 50%",
      ok: dynamicShare === null ? null : dynamicShare > 0.5, hint: "of database and cloud credentials",
    },
    {
      key: "age", label: "Mean secret age", value: c.meanAgeDays, display: c.meanAgeDays === null ? "–" : `${Math.round(c.meanAgeDays)} d`,
      target: "< 90 d", ok: c.meanAgeDays === null ? null : c.meanAgeDays < 90,
      hint: c.p90AgeDays === null ? undefined : `p90 ${Math.round(c.p90AgeDays)} days since last rotation`, href: href({ sort: "lastRotatedAt" }),
    },
  ];

  const fixFirst: TFixItem[] = [
    { key: "compromised", label: "Compromised secrets", count: c.compromised, severity: "high" as const,
      href: href({ status: "compromised" }), why: "Known leaked: rotate or revoke now." },
    { key: "new_hardcoded", label: `Hardcoded secrets found in the last ${NEW_FINDING_DAYS} days`, count: c.newHardcodedFindings, severity: "high" as const,
      href: findingsHref(filters) ? `${findingsHref(filters)}&sort=firstSeenAt&order=desc` : "", why: "Newest first: rotate each one and move it into a vault." },
    { key: "hardcoded_hs", label: "Highly sensitive secrets hardcoded", count: c.hardcodedHighlySensitive, severity: "high" as const,
      href: hardcodedHref ? href({ backendId: hardcodedBackends, classification: "highly_sensitive" }) : "", why: "Move them into a vault." },
    { key: "overdue", label: "Overdue rotations", count: c.overdue, severity: "high" as const,
      href: href({ overdue: "true", sort: "rotationDueAt" }), why: "Past their rotation policy; oldest first." },
    { key: "expiring", label: `Expired or expiring within ${EXPIRY_WINDOW_DAYS} days`, count: c.expired + c.expiringSoon, severity: "medium" as const,
      href: href({ sort: "expiresAt" }), why: "Renew before they break a service." },
    { key: "unowned", label: "Unowned secrets", count: c.unowned, severity: "medium" as const,
      href: href({ unowned: "true" }), why: "Nobody is accountable: assign a team." },
  ].filter((i) => i.count > 0 && i.href);

  return {
    filters,
    scope: teamIds ? "team" : "all",
    teams,
    counts,
    kpis,
    fixFirst,
    byEnvironment,
    byAge: ageBuckets.map((b) => ({ bucket: b.label, secrets: c.ages[b.key] })),
  };
}
