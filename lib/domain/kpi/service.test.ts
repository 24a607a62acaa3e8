import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import "@/lib/domain/vault/testing"; // the vault's test root key: the demo seed stores a value
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isVaultKind, ZSecretListQuery } from "@/lib/domain/inventory/schemas";
import { listSecrets } from "@/lib/domain/inventory/service";
import { listFindings } from "@/lib/domain/discovery/service";
import { ZFindingListQuery } from "@/lib/domain/discovery/schemas";
import { makeActor, makeBackend, makeTeam, uid } from "@/lib/testing/fixtures";
import { seedDemo } from "@/prisma/seed-lib";
import { getOverview } from "./service";

const DAY = 86_400_000;
const ns = `kpi${uid()}`;
let payments: { id: string };
let identity: { id: string };

beforeAll(async () => {
  await seedDemo(db, { secrets: 600, namespace: ns, verify: false });
  payments = await db.team.findUniqueOrThrow({ where: { slug: `payments-${ns}` } });
  identity = await db.team.findUniqueOrThrow({ where: { slug: `identity-${ns}` } });
});

/** The same numbers computed the slow, obvious way from the rows. */
async function expectedFor(teamIds: string[]) {
  const now = Date.now();
  const rows = await db.secret.findMany({
    where: { ownerTeamId: { in: teamIds }, status: { in: ["active", "pending_rotation", "compromised"] } },
    include: { backend: true },
  });
  const hardcoded = rows.filter((r) => !isVaultKind(r.backend.kind));
  const overdue = rows.filter((r) => r.rotationDueAt && r.rotationDueAt.getTime() < now);
  const withPolicy = rows.filter((r) => r.rotationPeriodDays !== null);
  const capable = rows.filter((r) => ["password", "connection_string", "cloud_access_key"].includes(r.type));
  // The seed's findings: unresolved ones are hardcoded secrets; without an inventory entry they are unvaulted ones too.
  const findings = await db.finding.findMany({ where: { ownerTeamId: { in: teamIds }, status: { in: ["open", "triaged", "accepted_risk"] } } });
  return {
    total: rows.length,
    vaulted: rows.length - hardcoded.length,
    unvaulted: hardcoded.length,
    hardcodedHighlySensitive: hardcoded.filter((r) => r.classification === "highly_sensitive").length,
    withPolicy: withPolicy.length,
    overdue: overdue.length,
    expiringSoon: rows.filter((r) => r.expiresAt && r.expiresAt.getTime() >= now && r.expiresAt.getTime() < now + 30 * DAY).length,
    expired: rows.filter((r) => r.expiresAt && r.expiresAt.getTime() < now).length,
    compromised: rows.filter((r) => r.status === "compromised").length,
    dynamic: capable.filter((r) => r.dynamic).length,
    dynamicCapable: capable.length,
    meanAgeDays: rows.reduce((s, r) => s + (now - (r.lastRotatedAt ?? r.createdAt).getTime()) / DAY, 0) / rows.length,
    hardcodedFindings: new Set(findings.map((f) => f.fingerprint)).size,
    unlinkedFindings: new Set(findings.filter((f) => f.secretId === null).map((f) => f.fingerprint)).size,
  };
}

describe("getOverview", () => {
  it("computes every headline number from the rows in scope", async () => {
    const { actor } = await makeActor("admin");
    const o = await getOverview(actor, { ownerTeamId: payments.id });
    const e = await expectedFor([payments.id]);
    expect(e.total).toBeGreaterThan(30);
    expect(e.hardcodedFindings).toBeGreaterThan(0); // the demo's findings
    const { meanAgeDays, ...rest } = e;
    expect(o.counts).toMatchObject(rest);
    expect(o.counts.meanAgeDays).toBeCloseTo(meanAgeDays, 1);
    expect(o.counts.unowned).toBe(0);
    const kpi = (k: string) => o.kpis.find((x) => x.key === k)!;
    expect(kpi("coverage").value).toBeCloseTo(e.vaulted / (e.total + e.unlinkedFindings), 6);
    expect(kpi("hardcoded").value).toBe(e.hardcodedFindings);
    expect(kpi("compliance").value).toBeCloseTo((e.withPolicy - e.overdue) / e.withPolicy, 6);
    expect(kpi("overdue").ok).toBe(e.overdue === 0);
    expect(o.byEnvironment.reduce((s, r) => s + r.vaulted + r.hardcoded, 0)).toBe(e.total);
    expect(o.byAge.reduce((s, r) => s + r.secrets, 0)).toBe(e.total);
  });

  it("shows team-scoped roles their own teams only, and no unowned secrets", async () => {
    const { actor } = await makeActor("app_owner", [payments.id, identity.id]);
    const o = await getOverview(actor, {});
    const e = await expectedFor([payments.id, identity.id]);
    expect(o.scope).toBe("team");
    expect(o.counts.total).toBe(e.total);
    expect(o.counts.overdue).toBe(e.overdue);
    expect(o.counts.unowned).toBe(0);
    expect(o.teams.map((t) => t.id).sort()).toEqual([payments.id, identity.id].sort());

    const { actor: admin } = await makeActor("admin");
    const all = await getOverview(admin, {});
    expect(all.scope).toBe("all");
    expect(all.counts.total).toBeGreaterThan(o.counts.total);
    expect(all.counts.unowned).toBeGreaterThan(0); // the seed leaves ~5% unowned
  });

  it("links every number to inventory rows that add up to it", async () => {
    const { actor } = await makeActor("security");
    const o = await getOverview(actor, { ownerTeamId: payments.id });
    const checked: string[] = [];
    const links = [
      ...o.kpis.filter((k) => k.href).map((k) => ({ key: k.key, href: k.href!, count: k.value as number })),
      ...o.fixFirst.map((f) => ({ key: `fix:${f.key}`, href: f.href, count: f.count })),
    ];
    for (const link of links) {
      const url = new URL(link.href, "http://x");
      if (url.pathname === "/findings") continue; // checked in the hardcoded-findings test below
      expect(url.pathname).toBe("/inventory");
      const query = Object.fromEntries(url.searchParams);
      const parsed = ZSecretListQuery.safeParse(query); // strict: unknown parameters fail
      expect(parsed.success, `${link.key}: ${link.href}`).toBe(true);
      expect(parsed.data?.ownerTeamId).toEqual([payments.id]);
      // Counts whose filter the inventory expresses exactly must match it row for row.
      if (["total", "overdue", "fix:overdue", "fix:compromised", "fix:hardcoded_hs"].includes(link.key)) {
        const page = await listSecrets(actor, { ...query, pageSize: "1" });
        expect(page.total, link.key).toBe(link.count);
        checked.push(link.key);
      }
    }
    expect(checked).toEqual(expect.arrayContaining(["total", "overdue"]));
  });

  it("returns an empty picture for a team without secrets", async () => {
    const team = await makeTeam();
    const { actor } = await makeActor("manager", [team.id]);
    const o = await getOverview(actor, {});
    expect(o.counts.total).toBe(0);
    expect(o.fixFirst).toEqual([]);
    expect(o.kpis.every((k) => k.ok === null)).toBe(true);
  });

  it("refuses bad filters with field errors", async () => {
    const { actor } = await makeActor("auditor");
    await expect(getOverview(actor, { environment: "moon" })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(getOverview(actor, { nope: 1 })).rejects.toBeInstanceOf(AppError);
  });

  it("refuses unknown roles", async () => {
    await expect(getOverview({ kind: "user", id: null, label: "x", role: "intruder", teamIds: [] }, {})).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("hardcoded secrets and vault coverage (KPIS.md: from findings)", () => {
  it("count unresolved findings by distinct fingerprint, new ones in the last 7 days, and unlinked findings as unvaulted secrets", async () => {
    const team = await makeTeam();
    const other = await makeTeam();
    const vault = await makeBackend("keyward");
    const git = await makeBackend("git");
    const secret = (backendId: string, environment: "dev" | "prod" = "prod") =>
      db.secret.create({ data: { name: `k-${uid()}`, path: `${environment}/kpi/${uid()}`, type: "api_key", environment, classification: "sensitive", ownerTeamId: team.id, backendId } });
    // Inventory: 3 vaulted, 1 unvaulted (on a git backend).
    const [v1] = await Promise.all([secret(vault.id), secret(vault.id), secret(vault.id, "dev"), secret(git.id)]);
    const finding = (status: string, extra: { secretId?: string; ownerTeamId?: string; daysAgo?: number } = {}) =>
      db.finding.create({
        data: {
          fingerprint: randomBytes(32).toString("hex"), ruleId: "kpi-rule", severity: "high", secretType: "api-key", preview: "kpi…",
          status: status as never, ownerTeamId: extra.ownerTeamId ?? team.id, secretId: extra.secretId ?? null, repository: `kpi-${uid()}`,
          firstSeenAt: new Date(Date.now() - (extra.daysAgo ?? 0) * DAY),
          ...(status === "accepted_risk" ? { acceptedUntil: new Date(Date.now() + 30 * DAY) } : {}),
        },
      });
    await finding("open"); // new, unlinked
    await finding("open", { daysAgo: 20 }); // old, unlinked
    await finding("accepted_risk", { daysAgo: 40 }); // still in the code, unlinked
    await finding("triaged", { secretId: v1!.id }); // new, linked to a prod secret: counted via the inventory in coverage
    await finding("resolved");
    await finding("false_positive");
    await finding("open", { ownerTeamId: other.id }); // another team's

    const { actor } = await makeActor("security");
    const o = await getOverview(actor, { ownerTeamId: team.id });
    expect(o.counts).toMatchObject({ total: 4, vaulted: 3, unvaulted: 1, hardcodedFindings: 4, newHardcodedFindings: 2, unlinkedFindings: 3 });
    const kpi = (k: string) => o.kpis.find((x) => x.key === k)!;
    // The old formulas gave 1 hardcoded (inventory on unvaulted backends) and 3/4 coverage.
    expect(kpi("hardcoded").value).toBe(4);
    expect(kpi("hardcoded").ok).toBe(false); // target: 0 new
    expect(kpi("coverage").value).toBeCloseTo(3 / (4 + 3), 6);
    expect(o.fixFirst.find((f) => f.key === "new_hardcoded")?.count).toBe(2);

    // The number drills down to exactly its findings.
    const url = new URL(kpi("hardcoded").href!, "http://x");
    expect(url.pathname).toBe("/findings");
    const query = Object.fromEntries(url.searchParams);
    expect(ZFindingListQuery.safeParse(query).success).toBe(true);
    expect((await listFindings(actor, { ...query, pageSize: "1" })).total).toBe(4);

    // Environment filter: only findings linked to a secret of that environment count.
    const prod = await getOverview(actor, { ownerTeamId: team.id, environment: "prod" });
    expect(prod.counts).toMatchObject({ total: 3, vaulted: 2, hardcodedFindings: 1, unlinkedFindings: 0 });
    expect(prod.kpis.find((k) => k.key === "coverage")!.value).toBeCloseTo(2 / 3, 6);
    expect(prod.kpis.find((k) => k.key === "hardcoded")!.href).toBeUndefined();

    // Team-scoped roles count their own teams' findings only.
    const owner = await makeActor("app_owner", [other.id]);
    const mine = await getOverview(owner.actor, {});
    expect(mine.counts).toMatchObject({ total: 0, hardcodedFindings: 1, unlinkedFindings: 1 });
    expect(mine.kpis.find((k) => k.key === "coverage")!.value).toBe(0);
  });
});
