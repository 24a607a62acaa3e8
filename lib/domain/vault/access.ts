import "server-only";
import { appendAudit, appendAuditGrouped } from "@/lib/audit";
import { authorize, type Actor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation, parse } from "@/lib/errors";
import { z } from "zod";
import { evaluate, type TCapability, type TDecision, type TRule, type TSourcedRule } from "./policy";
import { cachedRead, forgetVaultReads } from "./read-cache";
import { ZAttachPolicy, ZCreateGrant, ZPolicy, ZSimulate } from "./schemas";

// Policies, attachments and grants, and the rules that apply to a principal.

type Attached = { policy: { id: string; name: string; rules: unknown }; identityId: string | null; teamId: string | null };

function policyRules(attachments: Attached[]): TSourcedRule[] {
  return attachments.flatMap((a) =>
    (a.policy.rules as TRule[]).map((r, i) => ({
      ...r,
      effect: r.effect ?? "allow",
      source: { kind: "policy" as const, policyId: a.policy.id, policyName: a.policy.name, ruleIndex: i, attachedTo: a.identityId ? ("identity" as const) : ("team" as const) },
    })),
  );
}

function grantRules(grants: { id: string; pathPattern: string | null; secret: { path: string } | null; capabilities: string[]; expiresAt: Date | null }[]): TSourcedRule[] {
  return grants
    .filter((g) => g.pathPattern || g.secret)
    .map((g) => ({
      path: g.pathPattern ?? g.secret!.path,
      capabilities: g.capabilities as TCapability[],
      effect: "allow" as const,
      source: { kind: "grant" as const, grantId: g.id, expiresAt: g.expiresAt },
    }));
}

const activeGrant = () => ({ revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] });

// Identity rules are read on every workload request: cached with the other read rows
// (read-cache.ts), dropped on any policy, attachment or grant change.
export function forgetCachedRules() {
  forgetVaultReads();
}

/** Rules of a workload identity: its policies, its application team's policies, its grants. */
export async function rulesForIdentity(identityId: string, ownerTeamId: string | null, useCache = true): Promise<TSourcedRule[]> {
  const load = async () => {
    const [attachments, grants] = await Promise.all([
      db.policyAttachment.findMany({
        where: { OR: [{ identityId }, ...(ownerTeamId ? [{ teamId: ownerTeamId }] : [])] },
        select: { identityId: true, teamId: true, policy: { select: { id: true, name: true, rules: true } } },
      }),
      db.grant.findMany({ where: { identityId, ...activeGrant() }, select: { id: true, pathPattern: true, capabilities: true, expiresAt: true, secret: { select: { path: true } } } }),
    ]);
    return [...policyRules(attachments), ...grantRules(grants)];
  };
  // Kept 2 s even while changes cannot be heard (as rules always were), so that a read never
  // costs two more queries.
  return useCache ? cachedRead(`rules:${identityId}:${ownerTeamId ?? ""}`, load, { unlistenedMs: 2000 }) : load();
}

/** Rules of a person: their teams' policies and the grants to them or their teams. */
export async function rulesForUser(userId: string, teamIds: string[]): Promise<TSourcedRule[]> {
  const [attachments, grants] = await Promise.all([
    teamIds.length
      ? db.policyAttachment.findMany({ where: { teamId: { in: teamIds } }, select: { identityId: true, teamId: true, policy: { select: { id: true, name: true, rules: true } } } })
      : Promise.resolve([]),
    db.grant.findMany({
      where: { AND: [{ OR: [{ userId }, ...(teamIds.length ? [{ teamId: { in: teamIds } }] : [])] }, activeGrant()] },
      select: { id: true, pathPattern: true, capabilities: true, expiresAt: true, secret: { select: { path: true } } },
    }),
  ]);
  return [...policyRules(attachments), ...grantRules(grants)];
}

export async function createPolicy(actor: Actor, input: unknown) {
  authorize(actor, "vault:policy");
  const data = parse(ZPolicy, input);
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.policy.create({ data: { name: data.name, description: data.description, rules: data.rules } });
      await appendAudit(tx, actor, { action: "policy.create", targetType: "policy", targetId: row.id, after: data });
      return row;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("conflict", "A policy with that name exists.", { name: ["Already taken"] });
    throw e;
  } finally {
    forgetCachedRules();
  }
}

export async function updatePolicy(actor: Actor, id: string, input: unknown) {
  authorize(actor, "vault:policy");
  const data = parse(ZPolicy, input);
  const before = await db.policy.findUnique({ where: { id } });
  if (!before) throw new AppError("not_found", "No such policy.");
  const row = await db.$transaction(async (tx) => {
    const row = await tx.policy.update({ where: { id }, data: { name: data.name, description: data.description, rules: data.rules } });
    await appendAudit(tx, actor, { action: "policy.update", targetType: "policy", targetId: id, before: { name: before.name, rules: before.rules }, after: data });
    return row;
  });
  forgetCachedRules();
  return row;
}

export async function listPolicies(actor: Actor) {
  authorize(actor, "vault:policy");
  return db.policy.findMany({ orderBy: { name: "asc" }, include: { attachments: { select: { id: true, identityId: true, teamId: true } } } });
}

export async function attachPolicy(actor: Actor, input: unknown) {
  authorize(actor, "vault:policy");
  const data = parse(ZAttachPolicy, input);
  try {
    const row = await db.$transaction(async (tx) => {
      const row = await tx.policyAttachment.create({ data });
      await appendAudit(tx, actor, { action: "policy.attach", targetType: "policy", targetId: data.policyId, after: data });
      return row;
    });
    return row;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("conflict", "The policy is already attached there.");
    throw e;
  } finally {
    forgetCachedRules();
  }
}

export async function detachPolicy(actor: Actor, attachmentId: string) {
  authorize(actor, "vault:policy");
  const row = await db.policyAttachment.findUnique({ where: { id: attachmentId } });
  if (!row) throw new AppError("not_found", "No such attachment.");
  await db.$transaction(async (tx) => {
    await tx.policyAttachment.delete({ where: { id: attachmentId } });
    await appendAudit(tx, actor, { action: "policy.detach", targetType: "policy", targetId: row.policyId, before: { identityId: row.identityId, teamId: row.teamId } });
  });
  forgetCachedRules();
}

/** Break-glass for installations with a single security person (docs/decisions/008). */
export const selfGrantsAllowed = () => process.env.KEYWARD_VAULT_ALLOW_SELF_GRANT === "1";

type TGrantee = { principalType: "user" | "team" | "identity"; principalId: string; secretId?: string; pathPattern?: string; capabilities: string[]; reason: string };

/**
 * Two-person rule: a grant that reaches its issuer (to them, or to a team they are in) must be
 * issued by someone else, or one person alone could read any value. The refusal is audited like
 * a refused read. Returns true for a self-grant that KEYWARD_VAULT_ALLOW_SELF_GRANT=1 lets
 * through, so that its grant is marked. `field` names the input the person chose the grantee in.
 */
async function checkTwoPersonRule(actor: Actor, g: TGrantee, field: string): Promise<boolean> {
  const person = actor.kind === "user" || actor.kind === "token";
  const self = person && (g.principalType === "user" ? g.principalId === actor.id : g.principalType === "team" && actor.teamIds.includes(g.principalId));
  if (!self) return false;
  if (selfGrantsAllowed()) return true;
  const why = g.principalType === "user" ? "the grantee is the issuer" : "the issuer is a member of the grantee team";
  await appendAuditGrouped(actor, {
    action: "grant.create_denied",
    targetType: "secret",
    targetId: g.secretId ?? null,
    after: { principalType: g.principalType, principalId: g.principalId, pathPattern: g.pathPattern ?? null, capabilities: g.capabilities, grantReason: g.reason, reason: `two-person rule: ${why}` },
  });
  const fix = "a grant must be issued by someone else: ask another member of security";
  throw new AppError("forbidden", "You may not grant yourself access.", { [field]: [g.principalType === "user" ? fix : `a grant to a team you are in reaches you too, so ${fix}`] });
}

/**
 * Gives a principal capabilities on one secret or a path pattern. Admin and security may
 * grant anything; an app owner only on their teams' secrets. Never to oneself (the two-person
 * rule above); a self-grant under break-glass is recorded as source break_glass, its event
 * flagged selfGrant.
 */
export async function createGrant(actor: Actor, input: unknown, opts: { principalField?: string } = {}) {
  const data = parse(ZCreateGrant, input);
  if (data.secretId) {
    const secret = await db.secret.findUnique({ where: { id: data.secretId }, select: { ownerTeamId: true } });
    if (!secret) throw new AppError("not_found", "No such secret.");
    authorize(actor, "vault:policy", secret);
  } else {
    authorize(actor, "vault:policy");
  }
  const selfGrant = await checkTwoPersonRule(actor, data, opts.principalField ?? "principalId");
  const source = selfGrant ? "break_glass" : data.source;
  if (data.expiresAt && data.expiresAt.getTime() <= Date.now()) throw new AppError("validation_failed", "The input is not valid.", { expiresAt: ["Must be in the future"] });
  // Grants to people, issued by people, are short-lived: a read grant is for a task, not a role.
  if (actor.kind !== "system" && data.principalType !== "identity") {
    const max = Number(process.env.KEYWARD_VAULT_MAX_GRANT_MINUTES ?? 24 * 60);
    if (!data.expiresAt || data.expiresAt.getTime() > Date.now() + max * 60_000 + 5_000) {
      throw new AppError("validation_failed", "The input is not valid.", { expiresAt: [`A grant to a person expires within ${max >= 60 ? `${max / 60} h` : `${max} min`}`] });
    }
  }
  const principal = {
    userId: data.principalType === "user" ? data.principalId : null,
    teamId: data.principalType === "team" ? data.principalId : null,
    identityId: data.principalType === "identity" ? data.principalId : null,
  };
  const row = await db.$transaction(async (tx) => {
    const row = await tx.grant.create({
      data: {
        principalType: data.principalType,
        ...principal,
        secretId: data.secretId,
        pathPattern: data.pathPattern,
        capabilities: data.capabilities,
        source,
        reason: data.reason,
        expiresAt: data.expiresAt,
        grantedById: actor.id,
      },
    });
    await appendAudit(tx, actor, { action: "grant.create", targetType: "grant", targetId: row.id, after: { ...data, source, ...(selfGrant ? { selfGrant } : {}) } });
    return row;
  });
  forgetCachedRules();
  return row;
}

export async function revokeGrant(actor: Actor, grantId: string) {
  authorize(actor, "vault:policy");
  const id = parse(z.uuid(), grantId);
  const row = await db.grant.findUnique({ where: { id }, include: { secret: { select: { ownerTeamId: true } } } });
  if (!row) throw new AppError("not_found", "No such grant.");
  // A grant on one secret is managed within the scope of the secret's owner team.
  if (row.secret) authorize(actor, "vault:policy", row.secret);
  if (row.revokedAt) return;
  await db.$transaction(async (tx) => {
    await tx.grant.update({ where: { id }, data: { revokedAt: new Date() } });
    await appendAudit(tx, actor, {
      action: "grant.revoke",
      targetType: "grant",
      targetId: id,
      before: { principalType: row.principalType, principalId: row.userId ?? row.teamId ?? row.identityId, secretId: row.secretId, pathPattern: row.pathPattern, expiresAt: row.expiresAt },
    });
  });
  forgetCachedRules();
}

/** The policy simulator: can identity or user X do C on path Y, and which rule decides. */
export async function simulateAccess(actor: Actor, input: unknown): Promise<TDecision & { principal: string }> {
  authorize(actor, "vault:policy");
  const data = parse(ZSimulate, input);
  if (data.identityId) {
    const identity = await db.workloadIdentity.findUnique({ where: { id: data.identityId }, include: { application: { select: { ownerTeamId: true } } } });
    if (!identity) throw new AppError("not_found", "No such identity.");
    const rules = await rulesForIdentity(identity.id, identity.application.ownerTeamId, false);
    return { ...evaluate(rules, data.path, data.capability), principal: `workload:${identity.name}` };
  }
  const user = await db.user.findUnique({ where: { id: data.userId }, include: { memberships: true } });
  if (!user) throw new AppError("not_found", "No such user.");
  const rules = await rulesForUser(user.id, user.memberships.map((m) => m.teamId));
  return { ...evaluate(rules, data.path, data.capability), principal: user.email };
}
