import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/passwords";
import { redis } from "@/lib/redis";
import { makeUser, uid } from "@/lib/testing/fixtures";
import { signInWithOidc, signInWithPassword } from "./service";

describe("password sign-in", () => {
  afterAll(async () => {
    redis().disconnect();
    await db.$disconnect();
  });

  it("accepts the right password, stores only an argon2id hash, and audits the sign-in", async () => {
    const user = await makeUser("developer", [], { passwordHash: await hashPassword("correct horse battery") });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const res = await signInWithPassword({ email: user.email, password: "correct horse battery" }, `10.0.0.${Math.floor(Math.random() * 250)}`);
    expect(res.ok).toBe(true);
    const ev = await db.auditEvent.findFirst({ where: { action: "auth.signin", targetId: user.id } });
    expect(ev).not.toBeNull();
    expect(JSON.stringify(ev, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain("correct horse battery");
  });

  it("locks the account after five failures, even for the right password", async () => {
    const user = await makeUser("developer", [], { passwordHash: await hashPassword("right-password") });
    const ip = `10.1.${Math.floor(Math.random() * 250)}.1`;
    for (let i = 0; i < 5; i++) expect((await signInWithPassword({ email: user.email, password: "wrong" }, ip)).ok).toBe(false);
    const locked = await signInWithPassword({ email: user.email, password: "right-password" }, ip);
    expect(locked).toEqual({ ok: false, reason: "locked" });
    expect(await db.auditEvent.count({ where: { action: "auth.signin.failed", targetId: user.id } })).toBe(5);
  });

  it("rate limits attempts per email", async () => {
    const email = `nobody-${uid()}@example.test`;
    const reasons = [];
    for (let i = 0; i < 12; i++) reasons.push((await signInWithPassword({ email, password: "x" }, `10.2.${i}.1`)) as { reason?: string });
    expect(reasons.slice(0, 10).every((r) => r.reason === "invalid")).toBe(true);
    expect(reasons[10].reason).toBe("rate_limited");
  });

  it("refuses malformed input without throwing", async () => {
    expect(await signInWithPassword({ email: "not-an-email", password: "" }, null)).toEqual({ ok: false, reason: "invalid" });
    expect(await signInWithPassword("garbage", null)).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("OIDC sign-in", () => {
  it("links an invited user on first sign-in and refuses people nobody invited", async () => {
    const invited = await db.user.create({ data: { email: `sso-${uid()}@example.test`, name: "Invited", role: "auditor", status: "invited" } });
    const ok = await signInWithOidc({ issuer: "https://idp.test", sub: `sub-${uid()}`, email: invited.email.toUpperCase() }, null);
    expect(ok.ok).toBe(true);
    const after = await db.user.findUniqueOrThrow({ where: { id: invited.id } });
    expect(after.status).toBe("active");
    expect(after.ssoSubject).toMatch(/^https:\/\/idp\.test\|sub-/);

    const stranger = await signInWithOidc({ issuer: "https://idp.test", sub: `sub-${uid()}`, email: `stranger-${uid()}@example.test` }, null);
    expect(stranger).toEqual({ ok: false, reason: "not_invited" });

    // The same email from another subject is refused once linked.
    const hijack = await signInWithOidc({ issuer: "https://idp.test", sub: `other-${uid()}`, email: invited.email }, null);
    expect(hijack.ok).toBe(false);
  });
});
