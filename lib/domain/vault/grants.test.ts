import { describe, expect, it } from "vitest";
import "./testing";
import { systemActor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { apiError } from "@/lib/errors";
import { runAction } from "@/lib/form-action";
import { makeActor, makeUser } from "@/lib/testing/fixtures";
import { createGrant, revokeGrant } from "./access";
import { grantCandidates, issueSecretGrant, listGrants, listSecretGrants } from "./grants";
import { putSecretValue, readSecretValue } from "./service";

// Grants as the console issues them: short-lived, to a person whose role may read the value,
// with a reason; listed per secret and across secrets; revoked reads are refused.

const admin = systemActor("test");

async function setup(environment: "dev" | "prod" = "prod") {
  const { actor: owner, user: ownerUser, teamIds } = await makeActor("app_owner");
  const team = await db.team.findUniqueOrThrow({ where: { id: teamIds[0] } });
  const value = `grant-test-${crypto.randomUUID()}`;
  const s = await putSecretValue(admin, { path: `${environment}/${team.slug}/api/key-${crypto.randomUUID().slice(0, 8)}`, value });
  const { actor: security, user: securityUser } = await makeActor("security");
  return { owner, ownerUser, teamIds, team, value, secretId: s.secretId, security, securityUser };
}

describe("issuing grants from the console", () => {
  it("security grants an app owner a read for 15 minutes; the owner reads with a reason until it is revoked", async () => {
    const { owner, ownerUser, value, secretId, security } = await setup();
    await expect(readSecretValue(owner, { secretId, reason: "before the grant" })).rejects.toMatchObject({ code: "forbidden", message: "Reading this value needs an explicit grant." });

    const before = Date.now();
    const g = await issueSecretGrant(security, { secretId, userId: ownerUser.id, duration: "15m", reason: "INC-7: check the deployed key" });
    expect(g.expiresAt!.getTime() - before).toBeGreaterThanOrEqual(15 * 60_000 - 1000);
    expect(g.expiresAt!.getTime() - before).toBeLessThanOrEqual(15 * 60_000 + 5000);
    expect(g).toMatchObject({ principalType: "user", userId: ownerUser.id, secretId, capabilities: ["read"], grantedById: security.id, reason: "INC-7: check the deployed key" });
    const created = await db.auditEvent.findFirstOrThrow({ where: { action: "grant.create", targetId: g.id } });
    expect(created.actorId).toBe(security.id);

    const r = await readSecretValue(owner, { secretId, reason: "INC-7 verification" }, "console");
    expect(!r.notModified && r.value).toBe(value);
    const used = await db.grant.findUniqueOrThrow({ where: { id: g.id } });
    expect(used.lastUsedAt).not.toBeNull();

    // The owner sees their own grant on the secret; security sees it with Revoke rights.
    const mine = await listSecretGrants(owner, secretId);
    expect(mine.manage).toBe(false);
    expect(mine.grants.map((x) => [x.id, x.principalLabel, x.grantedBy, x.status])).toEqual([[g.id, ownerUser.email, security.label, "active"]]);
    const all = await listSecretGrants(security, secretId);
    expect(all.manage).toBe(true);
    expect(all.grants.map((x) => x.id)).toContain(g.id);

    await revokeGrant(security, g.id);
    await expect(readSecretValue(owner, { secretId, reason: "after the revoke" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await db.auditEvent.count({ where: { action: "grant.revoke", targetId: g.id } })).toBe(1);
    expect((await listSecretGrants(security, secretId)).grants.map((x) => x.id)).not.toContain(g.id);
    // Nothing of the value in the grant views or their audit events.
    const events = await db.auditEvent.findMany({ where: { targetId: { in: [g.id, secretId] } } });
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(events.map((e) => [e.before, e.after]))).not.toContain(value);
    expect(JSON.stringify(all)).not.toContain(value);
  });

  it("refuses grants that would not help, and roles that may not manage grants", async () => {
    const { teamIds, secretId, security, owner, ownerUser } = await setup("prod");
    const dev = await makeUser("developer", teamIds);
    const auditor = await makeUser("auditor");
    const outsider = await makeUser("app_owner"); // another team's owner
    for (const [userId, msg] of [
      [dev.id, /may write prod values but never read them back/],
      [auditor.id, /may not read this secret's values/],
      [outsider.id, /may not read this secret's values/],
    ] as const) {
      await expect(issueSecretGrant(security, { secretId, userId, duration: "1h", reason: "would not help" })).rejects.toMatchObject({
        code: "validation_failed",
        fields: { userId: [expect.stringMatching(msg)] },
      });
    }
    await expect(issueSecretGrant(security, { secretId, userId: ownerUser.id, duration: "1h", reason: "no" })).rejects.toMatchObject({ fields: { reason: [expect.any(String)] } });
    await expect(issueSecretGrant(security, { secretId, userId: ownerUser.id, duration: "90d", reason: "forever please" })).rejects.toMatchObject({ fields: { duration: [expect.any(String)] } });
    await expect(issueSecretGrant(owner, { secretId, userId: ownerUser.id, duration: "1h", reason: "granting myself" })).rejects.toMatchObject({ code: "forbidden" });

    // The picker offers only people a grant would help.
    const candidates = (await grantCandidates(security, secretId)).map((c) => c.id);
    expect(candidates).toContain(ownerUser.id);
    expect(candidates).not.toContain(dev.id);
    expect(candidates).not.toContain(auditor.id);
    expect(candidates).not.toContain(outsider.id);
  });

  it("caps people's grants server-side: no longer than the maximum, never without an expiry", async () => {
    const { secretId, security, ownerUser } = await setup();
    const base = { principalType: "user" as const, principalId: ownerUser.id, secretId, capabilities: ["read" as const], reason: "a long one" };
    await expect(createGrant(security, { ...base, expiresAt: new Date(Date.now() + 25 * 3600_000) })).rejects.toMatchObject({ fields: { expiresAt: [expect.any(String)] } });
    await expect(createGrant(security, base)).rejects.toMatchObject({ fields: { expiresAt: [expect.any(String)] } });
    process.env.KEYWARD_VAULT_MAX_GRANT_MINUTES = "30";
    try {
      const g = await issueSecretGrant(security, { secretId, userId: ownerUser.id, duration: "8h", reason: "capped to 30 minutes" });
      expect(g.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 30 * 60_000 + 1000);
    } finally {
      delete process.env.KEYWARD_VAULT_MAX_GRANT_MINUTES;
    }
  });

  it("lists grants across secrets with status filters; revoked and expired ones stay visible as such", async () => {
    const { secretId, security, ownerUser } = await setup();
    const a = await issueSecretGrant(security, { secretId, userId: ownerUser.id, duration: "1h", reason: "list test active" });
    const b = await issueSecretGrant(security, { secretId, userId: ownerUser.id, duration: "1h", reason: "list test revoked" });
    const c = await issueSecretGrant(security, { secretId, userId: ownerUser.id, duration: "1h", reason: "list test expired" });
    await revokeGrant(security, b.id);
    await db.grant.update({ where: { id: c.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const all = await listGrants(security, { secretId, sort: "grantedAt", order: "desc" });
    expect(all.items.map((g) => [g.id, g.status])).toEqual([
      [c.id, "expired"],
      [b.id, "revoked"],
      [a.id, "active"],
    ]);
    expect((await listGrants(security, { secretId, status: "active" })).items.map((g) => g.id)).toEqual([a.id]);
    expect((await listGrants(security, { secretId, status: "revoked" })).items.map((g) => g.id)).toEqual([b.id]);
    expect((await listGrants(security, { secretId, status: "expired" })).items.map((g) => g.id)).toEqual([c.id]);
    expect((await listGrants(security, { q: ownerUser.email, status: "active" })).items.map((g) => g.id)).toContain(a.id);
    expect((await listGrants(security, { q: "list test revoked" })).items.map((g) => g.id)).toEqual([b.id]);
    await expect(listGrants(security, { status: "bogus" })).rejects.toMatchObject({ code: "validation_failed" });
    const { actor: owner } = await makeActor("app_owner");
    await expect(listGrants(owner, {})).rejects.toMatchObject({ code: "forbidden" });
  });
  it("a grant on a path pattern covers the secrets whose path it matches, and no others", async () => {
    const { owner, ownerUser, team, value, secretId, security } = await setup();
    const other = await putSecretValue(admin, { path: `prod/${team.slug}/db/password-${crypto.randomUUID().slice(0, 8)}`, value: `grant-test-${crypto.randomUUID()}` });
    const hour = () => new Date(Date.now() + 3600_000);
    const base = { principalType: "user" as const, principalId: ownerUser.id, capabilities: ["read" as const], expiresAt: hour() };
    // A pattern that matches neither secret gives nothing.
    const miss = await createGrant(security, { ...base, pathPattern: `prod/${team.slug}/cache/*`, reason: "INC-9: the cache keys" });
    await expect(readSecretValue(owner, { secretId, reason: "pattern test before" })).rejects.toMatchObject({ code: "forbidden", message: "Reading this value needs an explicit grant." });

    const hit = await createGrant(security, { ...base, pathPattern: `+/${team.slug}/api/*`, reason: "INC-9: the api keys" });
    const r = await readSecretValue(owner, { secretId, reason: "INC-9 verification" }, "console");
    expect(!r.notModified && r.value).toBe(value);
    expect((await db.grant.findUniqueOrThrow({ where: { id: hit.id } })).lastUsedAt).not.toBeNull();
    expect((await db.grant.findUniqueOrThrow({ where: { id: miss.id } })).lastUsedAt).toBeNull();
    // The db password is outside the api pattern: refused, and the refusal audited.
    await expect(readSecretValue(owner, { secretId: other.secretId, reason: "pattern test other" })).rejects.toMatchObject({ code: "forbidden", message: "Reading this value needs an explicit grant." });
    const refusal = await db.auditEvent.findFirstOrThrow({ where: { action: "secret.access_denied", targetId: other.secretId, actorId: ownerUser.id } });
    expect(refusal.after).toMatchObject({ reason: "no grant" });

    // Each secret's grant list shows the pattern grants that cover it, to its holder and to security.
    for (const viewer of [owner, security]) {
      const ids = (await listSecretGrants(viewer, secretId)).grants.map((g) => g.id);
      expect(ids).toContain(hit.id);
      expect(ids).not.toContain(miss.id);
      expect((await listSecretGrants(viewer, other.secretId)).grants.map((g) => g.id)).not.toContain(hit.id);
    }
    const shown = (await listSecretGrants(owner, secretId)).grants.find((g) => g.id === hit.id)!;
    expect(shown).toMatchObject({ secretId: null, secretPath: null, pathPattern: `+/${team.slug}/api/*`, status: "active" });

    await revokeGrant(security, hit.id);
    await expect(readSecretValue(owner, { secretId, reason: "pattern test after revoke" })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("managers list only the grants on their own teams' secrets", async () => {
    const a = await setup();
    const b = await setup();
    const ga = await issueSecretGrant(a.security, { secretId: a.secretId, userId: a.ownerUser.id, duration: "1h", reason: "team A's grant" });
    const gb = await issueSecretGrant(b.security, { secretId: b.secretId, userId: b.ownerUser.id, duration: "1h", reason: "team B's grant" });
    // A pattern grant covering team A's secret belongs to no team: not in a manager's list.
    const pattern = await createGrant(a.security, {
      principalType: "user",
      principalId: a.ownerUser.id,
      pathPattern: `prod/${a.team.slug}/*`,
      capabilities: ["read"],
      expiresAt: new Date(Date.now() + 3600_000),
      reason: "team A's pattern grant",
    });
    const { actor: manager } = await makeActor("manager", a.teamIds);

    const mine = await listGrants(manager, {});
    expect(mine.items.map((g) => g.id)).toEqual([ga.id]);
    expect(mine.total).toBe(1);
    for (const query of [{ secretId: b.secretId }, { q: "team B's grant" }, { q: b.ownerUser.email }, { q: "pattern grant" }]) {
      expect(await listGrants(manager, query)).toMatchObject({ items: [], total: 0 });
    }
    // Security sees them all; a manager of no team sees none.
    expect((await listGrants(a.security, { q: a.team.slug })).items.map((g) => g.id).sort()).toEqual([ga.id, pattern.id].sort());
    expect((await listGrants(a.security, { secretId: b.secretId })).items.map((g) => g.id)).toEqual([gb.id]);
    const { actor: teamless } = await makeActor("manager", []);
    expect(await listGrants(teamless, {})).toMatchObject({ items: [], total: 0 });

    // On a secret's page the same scope holds: their team's secret shows every covering grant (read-only), another team's is refused.
    const page = await listSecretGrants(manager, a.secretId);
    expect(page).toMatchObject({ manage: false, all: true });
    expect(page.grants.map((g) => g.id).sort()).toEqual([ga.id, pattern.id].sort());
    await expect(listSecretGrants(manager, b.secretId)).rejects.toMatchObject({ code: "forbidden" });
    await expect(revokeGrant(manager, ga.id)).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("the two-person rule", () => {
  const fix = "a grant must be issued by someone else: ask another member of security";

  it("refuses a grant to oneself with a 403 on the person field, audits the refusal and creates nothing", async () => {
    const { secretId, security, securityUser, value } = await setup();
    const self = { secretId, userId: securityUser.id, duration: "1h", reason: "INC-11: I will look myself" };
    const refused = await issueSecretGrant(security, self).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "forbidden", status: 403, fields: { userId: [fix] } });
    expect(await db.grant.count({ where: { userId: securityUser.id } })).toBe(0);
    await expect(readSecretValue(security, { secretId, reason: "after the refused self-grant" })).rejects.toMatchObject({ code: "forbidden" });

    const denied = await db.auditEvent.findMany({ where: { action: "grant.create_denied", actorId: securityUser.id } });
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ targetType: "secret", targetId: secretId });
    expect(denied[0].after).toMatchObject({ principalType: "user", principalId: securityUser.id, capabilities: ["read"], grantReason: self.reason, reason: "two-person rule: the grantee is the issuer" });
    expect(JSON.stringify(denied[0].after)).not.toContain(value);
    expect(await db.auditEvent.count({ where: { action: "grant.create", actorId: securityUser.id } })).toBe(0);

    // The form and the API both get the 403 with the field error.
    expect(await runAction(() => issueSecretGrant(security, self))).toEqual({ ok: false, code: "forbidden", message: "You may not grant yourself access.", fieldErrors: { userId: [fix] } });
    expect(apiError(refused, "req-1")).toMatchObject({ status: 403, body: { error: { code: "forbidden", fields: { userId: [fix] } } } });
  });

  it("holds for every grant: to oneself or to one's own team, by any path, also through a personal token", async () => {
    const { secretId, security, securityUser } = await setup();
    const hour = new Date(Date.now() + 3600_000);
    const toSelf = { principalType: "user" as const, principalId: securityUser.id, capabilities: ["read" as const], expiresAt: hour, reason: "INC-12: a pattern for me" };
    await expect(createGrant(security, { ...toSelf, pathPattern: "prod/*" })).rejects.toMatchObject({ code: "forbidden", fields: { principalId: [fix] } });
    await expect(createGrant(security, { ...toSelf, principalType: "team", principalId: security.teamIds[0], secretId })).rejects.toMatchObject({
      code: "forbidden",
      fields: { principalId: [expect.stringContaining("a grant to a team you are in reaches you too")] },
    });
    const token = { ...security, kind: "token" as const, label: `${securityUser.email} (token kw_pat_x…)` };
    await expect(issueSecretGrant(token, { secretId, userId: securityUser.id, duration: "1h", reason: "INC-12: by token" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await db.grant.count({ where: { OR: [{ userId: securityUser.id }, { teamId: security.teamIds[0] }] } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "grant.create_denied", actorId: securityUser.id } })).toBe(3);
  });

  it("another member of security grants as before; the picker offers everyone but the issuer", async () => {
    const { secretId, security, securityUser, ownerUser, value } = await setup();
    const { actor: second, user: secondUser } = await makeActor("security");
    const candidates = (await grantCandidates(security, secretId)).map((c) => c.id);
    expect(candidates).toContain(ownerUser.id);
    expect(candidates).toContain(secondUser.id);
    expect(candidates).not.toContain(securityUser.id);
    expect((await grantCandidates(second, secretId)).map((c) => c.id)).not.toContain(secondUser.id);

    const g = await issueSecretGrant(second, { secretId, userId: securityUser.id, duration: "15m", reason: "INC-13: security needs a look" });
    expect(g).toMatchObject({ userId: securityUser.id, grantedById: secondUser.id, source: "manual" });
    const created = await db.auditEvent.findFirstOrThrow({ where: { action: "grant.create", targetId: g.id } });
    expect(created.after).not.toHaveProperty("selfGrant");
    const r = await readSecretValue(security, { secretId, reason: "INC-13 verification" }, "console");
    expect(!r.notModified && r.value).toBe(value);
  });

  it("KEYWARD_VAULT_ALLOW_SELF_GRANT=1 lets a single security person grant themselves, marked break-glass for auditors", async () => {
    const { secretId, security, securityUser, value } = await setup();
    process.env.KEYWARD_VAULT_ALLOW_SELF_GRANT = "1";
    try {
      expect((await grantCandidates(security, secretId)).map((c) => c.id)).toContain(securityUser.id);
      const g = await issueSecretGrant(security, { secretId, userId: securityUser.id, duration: "15m", reason: "INC-14: the only security person" });
      expect(g).toMatchObject({ userId: securityUser.id, grantedById: securityUser.id, source: "break_glass" });
      const created = await db.auditEvent.findFirstOrThrow({ where: { action: "grant.create", targetId: g.id } });
      expect(created.after).toMatchObject({ principalId: securityUser.id, source: "break_glass", selfGrant: true });
      expect(await db.auditEvent.count({ where: { action: "grant.create_denied", actorId: securityUser.id } })).toBe(0);
      const r = await readSecretValue(security, { secretId, reason: "INC-14 verification" }, "console");
      expect(!r.notModified && r.value).toBe(value);
      // Auditors find every one on the grants page under source "break glass".
      expect((await listGrants(security, { source: "break_glass", q: securityUser.email })).items.map((x) => x.id)).toEqual([g.id]);
    } finally {
      delete process.env.KEYWARD_VAULT_ALLOW_SELF_GRANT;
    }
    expect((await grantCandidates(security, secretId)).map((c) => c.id)).not.toContain(securityUser.id);
  });
});
