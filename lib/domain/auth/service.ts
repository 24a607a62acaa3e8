import "server-only";
import { z } from "zod";
import { appendAudit } from "@/lib/audit";
import type { Actor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { hit } from "@/lib/rate-limit";
import { verifyPassword } from "@/lib/passwords";

const MAX_FAILURES = 5;
const LOCK_MINUTES = 15;

export const ZPasswordSignIn = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});

type SignInResult = { ok: true; user: { id: string; email: string; name: string } } | { ok: false; reason: string };

function anonymous(label: string, ip: string | null): Actor {
  return { kind: "user", id: null, label, role: "none", teamIds: [], ip };
}

/**
 * Email + password sign-in: rate limited per IP and per email, locks the account after
 * repeated failures, and audits every outcome.
 */
export async function signInWithPassword(input: unknown, ip: string | null): Promise<SignInResult> {
  const parsed = ZPasswordSignIn.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const allowed = (await hit(`signin:ip:${ip ?? "unknown"}`, 30, 300)) && (await hit(`signin:email:${email}`, 10, 300));
  if (!allowed) return { ok: false, reason: "rate_limited" };

  const user = await db.user.findUnique({ where: { email } });
  const now = new Date();
  if (user?.lockedUntil && user.lockedUntil > now) {
    await db.$transaction((tx) => appendAudit(tx, anonymous(email, ip), { action: "auth.signin.locked", targetType: "user", targetId: user.id }));
    return { ok: false, reason: "locked" };
  }
  const valid = await verifyPassword(user?.passwordHash, password);
  if (!user || !valid || user.status !== "active") {
    await db.$transaction(async (tx) => {
      if (user) {
        const failures = user.failedLogins + 1;
        await tx.user.update({
          where: { id: user.id },
          data: { failedLogins: failures, lockedUntil: failures >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null },
        });
      }
      await appendAudit(tx, anonymous(email, ip), { action: "auth.signin.failed", targetType: "user", targetId: user?.id ?? null });
    });
    return { ok: false, reason: "invalid" };
  }
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: now } });
    await appendAudit(tx, { kind: "user", id: user.id, label: user.email, role: user.role, teamIds: [], ip }, {
      action: "auth.signin",
      targetType: "user",
      targetId: user.id,
      after: { method: "password" },
    });
  });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}

/**
 * SSO sign-in: only people an admin invited (or already active) may enter; the first SSO
 * sign-in links the identity provider's subject and activates an invited account.
 */
export async function signInWithOidc(profile: { issuer: string; sub: string; email?: string | null }, ip: string | null): Promise<SignInResult> {
  const email = profile.email?.trim().toLowerCase();
  const subject = `${profile.issuer}|${profile.sub}`;
  const user =
    (await db.user.findUnique({ where: { ssoSubject: subject } })) ?? (email ? await db.user.findUnique({ where: { email } }) : null);
  if (!user || user.status === "disabled" || (user.ssoSubject && user.ssoSubject !== subject)) {
    await db.$transaction((tx) => appendAudit(tx, anonymous(email ?? subject, ip), { action: "auth.sso.refused", targetType: "user", targetId: user?.id ?? null }));
    return { ok: false, reason: "not_invited" };
  }
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { ssoSubject: subject, status: "active", lastLoginAt: new Date() } });
    await appendAudit(tx, { kind: "user", id: user.id, label: user.email, role: user.role, teamIds: [], ip }, {
      action: "auth.signin",
      targetType: "user",
      targetId: user.id,
      after: { method: "oidc", issuer: profile.issuer },
    });
  });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
