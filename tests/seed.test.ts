import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { verifyPassword } from "@/lib/passwords";
import { uid } from "@/lib/testing/fixtures";
import { DEMO_ACCOUNTS, demoEmail } from "@/prisma/demo-accounts";
import { seedDemo } from "@/prisma/seed-lib";

const now = new Date("2026-06-01T12:00:00Z");

async function snapshot(ns: string) {
  const rows = await db.secret.findMany({
    where: { path: { contains: `/payments-${ns}/` } },
    include: { backend: true },
    orderBy: { path: "asc" },
  });
  return rows.map((r) => ({
    path: r.path.replaceAll(`-${ns}`, ""), type: r.type, env: r.environment, cls: r.classification, kind: r.backend.kind,
    due: r.rotationDueAt?.toISOString() ?? null, owned: r.ownerTeamId !== null,
  })).sort((x, y) => (x.path < y.path ? -1 : 1));
}

describe("seedDemo", () => {
  it("builds a believable organisation: every role, plausible shares of problems, paths <env>/<team>/<app>/<name>", async () => {
    const ns = `s${uid()}`;
    const res = await seedDemo(db, { secrets: 800, namespace: ns, password: "pw-for-tests", now });
    expect(res).toMatchObject({ skipped: false, teams: 8, applications: 40, secrets: 800 });

    const teams = await db.team.findMany({ where: { slug: { endsWith: `-${ns}` } } });
    expect(teams).toHaveLength(8);
    const secrets = await db.secret.findMany({ where: { OR: [{ ownerTeamId: { in: teams.map((t) => t.id) } }, { path: { contains: `-${ns}/` } }] }, include: { backend: true } });
    expect(secrets).toHaveLength(800);
    for (const s of secrets) {
      const [env, team, app, name] = s.path.split("/");
      expect(env).toBe(s.environment);
      expect(team.endsWith(`-${ns}`)).toBe(true);
      expect(app.endsWith(`-${ns}`)).toBe(true);
      expect(name).toBe(s.name);
      expect(s.vaulted).toBe(!["git", "config_file", "env_var", "ci_variable"].includes(s.backend.kind));
    }
    const share = (f: (s: (typeof secrets)[number]) => boolean) => secrets.filter(f).length / secrets.length;
    expect(share((s) => s.ownerTeamId === null)).toBeGreaterThan(0.02);
    expect(share((s) => s.ownerTeamId === null)).toBeLessThan(0.09);
    expect(share((s) => !s.vaulted)).toBeGreaterThan(0.1);
    expect(share((s) => s.rotationDueAt !== null && s.rotationDueAt < now)).toBeGreaterThan(0.05);
    expect(share((s) => s.dynamic)).toBeGreaterThan(0.02);
    expect(secrets.some((s) => s.type === "tls_certificate" && s.expiresAt && s.expiresAt > now && s.expiresAt.getTime() < now.getTime() + 30 * 86_400_000)).toBe(true);
    expect(new Set(secrets.map((s) => s.backend.kind)).size).toBeGreaterThanOrEqual(6);
    // Hygiene flags agree with the fields, as the hygiene job would set them.
    for (const s of secrets) {
      expect(s.hygieneFlags.includes("unowned")).toBe(s.ownerTeamId === null);
      expect(s.hygieneFlags.includes("rotation_overdue")).toBe(s.rotationDueAt !== null && s.rotationDueAt < now);
    }

    for (const a of DEMO_ACCOUNTS) {
      const user = await db.user.findUniqueOrThrow({ where: { email: demoEmail(a.key, ns) }, include: { memberships: true } });
      expect(user.role).toBe(a.role);
      expect(user.memberships).toHaveLength(a.teams.length);
      expect(await verifyPassword(user.passwordHash, "pw-for-tests")).toBe(true);
    }
    const events = await db.auditEvent.findMany({ where: { action: "seed.completed" } });
    expect(events.filter((e) => (e.after as { namespace?: string }).namespace === ns)).toHaveLength(1);
  });

  it("is idempotent and deterministic", async () => {
    const a = `a${uid()}`;
    const b = `b${uid()}`;
    expect((await seedDemo(db, { secrets: 300, namespace: a, now })).skipped).toBe(false);
    expect((await seedDemo(db, { secrets: 300, namespace: a, now })).skipped).toBe(true);
    await seedDemo(db, { secrets: 300, namespace: b, now });
    const [sa, sb] = [await snapshot(a), await snapshot(b)];
    expect(sa.length).toBeGreaterThan(10);
    expect(sb).toEqual(sa);
  });
});
