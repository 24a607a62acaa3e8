"use server";
import { revalidatePath } from "next/cache";
import { utc } from "@/components/org/format";
import { requireActor } from "@/lib/actor";
import type { Actor } from "@/lib/authz/authorize";
import { attachPolicy, createPolicy, detachPolicy, revokeGrant, simulateAccess } from "@/lib/domain/vault/access";
import { issueSecretGrant } from "@/lib/domain/vault/grants";
import { createWorkloadIdentity, rotateClientSecret } from "@/lib/domain/vault/identities";
import { parseRuleLines, type TDecision } from "@/lib/domain/vault/policy";
import { rewrapProgress } from "@/lib/domain/vault/queries";
import { sealVault, submitUnsealShareAsPerson } from "@/lib/domain/vault/seal";
import {
  destroyVersions,
  putSecretValue,
  readSecretValue,
  recoverVersions,
  rollbackSecret,
  rotateKeyEncryptionKey,
  softDeleteVersions,
} from "@/lib/domain/vault/service";
import { formInput, runAction, type TActionResult } from "@/lib/form-action";

// Server actions of the vault console pages and of the secret detail page's versions panel.
// Thin: each calls one domain function, which authorizes, audits and validates.

const secretPage = (secretId: string) => revalidatePath(`/inventory/${secretId}`);

/** One version-panel call; the secret's page is refreshed when it succeeded. */
async function onSecret(secretId: string, fn: (actor: Actor) => Promise<unknown>): Promise<TActionResult> {
  const res = await runAction(async () => fn(await requireActor()));
  if (res.ok) secretPage(secretId);
  return res;
}

// --- Versions panel (components/vault/secret-versions.tsx) -----------------------------------

export type TRevealResult = TActionResult & { version?: number; value?: string | null; data?: Record<string, string> };

/**
 * Returns one version's value to the person who asked, after the domain checked role, grant,
 * deny rules and reason, and the read's audit event committed. Nothing is rendered server-side.
 */
export async function revealSecretValueAction(secretId: string, version: number, reason: string): Promise<TRevealResult> {
  let out: TRevealResult = { ok: false };
  const res = await runAction(async () => {
    const r = await readSecretValue(await requireActor(), { secretId, version, reason }, "console");
    if (r.notModified) throw new Error("unexpected 304");
    out = { ok: true, version: r.version, value: r.value, data: r.value === null ? r.data : {} };
  });
  return res.ok ? out : res;
}

export async function putSecretValueAction(secretId: string, _prev: TActionResult, fd: FormData): Promise<TActionResult> {
  let version = 0;
  const res = await runAction(async () => {
    const input = formInput(fd, { value: "string", stage: "string" });
    version = (await putSecretValue(await requireActor(), { secretId, ...input }, "console")).version;
  });
  if (res.ok) secretPage(secretId);
  return res.ok ? { ok: true, message: `Stored as version ${version}.` } : res;
}

export async function rollbackSecretAction(secretId: string, version: number, _prev: TActionResult, _fd: FormData): Promise<TActionResult> {
  return onSecret(secretId, (actor) => rollbackSecret(actor, { secretId, version }, "console"));
}

export async function softDeleteVersionAction(secretId: string, version: number, _prev: TActionResult, _fd: FormData): Promise<TActionResult> {
  return onSecret(secretId, (actor) => softDeleteVersions(actor, { secretId, versions: [version] }));
}

export async function recoverVersionAction(secretId: string, version: number, _prev: TActionResult, _fd: FormData): Promise<TActionResult> {
  return onSecret(secretId, (actor) => recoverVersions(actor, { secretId, versions: [version] }));
}

export async function destroyVersionAction(secretId: string, version: number, _prev: TActionResult, _fd: FormData): Promise<TActionResult> {
  return onSecret(secretId, (actor) => destroyVersions(actor, { secretId, versions: [version] }));
}

// --- Grants (components/vault/secret-grants*.tsx, /vault/grants) -----------------------------

export async function issueGrantAction(secretId: string, _prev: TActionResult, fd: FormData): Promise<TActionResult> {
  let message = "";
  const res = await runAction(async () => {
    const g = await issueSecretGrant(await requireActor(), { secretId, ...formInput(fd, { userId: "string", duration: "string", reason: "string" }) });
    message = `Granted until ${utc(g.expiresAt)}.`;
  });
  if (res.ok) {
    secretPage(secretId);
    revalidatePath("/vault/grants");
  }
  return res.ok ? { ok: true, message } : res;
}

export async function revokeGrantAction(grantId: string, _prev: TActionResult, _fd: FormData): Promise<TActionResult> {
  const res = await runAction(async () => revokeGrant(await requireActor(), grantId));
  if (res.ok) {
    revalidatePath("/vault/grants");
    revalidatePath("/inventory/[id]", "page");
  }
  return res.ok ? { ok: true, message: "Revoked." } : res;
}

// --- Workload identities ----------------------------------------------------------------------

export type TIdentityResult = TActionResult & { clientId?: string; clientSecret?: string };

export async function createIdentityAction(_prev: TIdentityResult, fd: FormData): Promise<TIdentityResult> {
  let created: { clientId: string; clientSecret: string } | null = null;
  const res = await runAction(async () => {
    const input = formInput(fd, {
      applicationId: "string",
      environment: "string",
      name: "optional",
      jwtIssuer: "optional",
      jwksUrl: "optional",
      jwtAudience: "optional",
      jwtSubjects: "optional",
      tokenTtlSeconds: "number",
      tokenMaxTtlSeconds: "number",
    });
    const subjects = typeof input.jwtSubjects === "string" ? input.jwtSubjects.split(/[\s,]+/).filter(Boolean) : [];
    created = await createWorkloadIdentity(await requireActor(), { ...input, jwtSubjects: subjects });
  });
  if (!res.ok || !created) return res;
  revalidatePath("/vault/identities");
  const { clientId, clientSecret } = created;
  return { ok: true, clientId, clientSecret };
}

export async function rotateIdentitySecretAction(identityId: string, _prev: TIdentityResult, _fd: FormData): Promise<TIdentityResult> {
  let out: { clientId: string; clientSecret: string } | null = null;
  const res = await runAction(async () => {
    out = await rotateClientSecret(await requireActor(), identityId);
  });
  if (!res.ok || !out) return res;
  const { clientId, clientSecret } = out;
  return { ok: true, clientId, clientSecret };
}

// --- Policies ---------------------------------------------------------------------------------

export async function createPolicyAction(_prev: TActionResult, fd: FormData): Promise<TActionResult> {
  const { rules, errors } = parseRuleLines(String(fd.get("rules") ?? ""));
  if (errors.length) return { ok: false, message: "Some rules are not valid.", fieldErrors: { rules: errors } };
  const res = await runAction(async () => createPolicy(await requireActor(), { ...formInput(fd, { name: "string", description: "string" }), rules }));
  if (res.ok) revalidatePath("/vault/policies");
  return res.ok ? { ok: true, message: "Policy created." } : res;
}

export async function attachPolicyAction(_prev: TActionResult, fd: FormData): Promise<TActionResult> {
  const target = String(fd.get("target") ?? "");
  const [kind, id] = target.split(":");
  const res = await runAction(async () =>
    attachPolicy(await requireActor(), { policyId: String(fd.get("policyId") ?? ""), ...(kind === "team" ? { teamId: id } : { identityId: id }) }),
  );
  if (res.ok) revalidatePath("/vault/policies");
  return res.ok ? { ok: true, message: "Attached." } : res;
}

export async function detachPolicyAction(attachmentId: string, _prev: TActionResult, _fd: FormData): Promise<TActionResult> {
  const res = await runAction(async () => detachPolicy(await requireActor(), attachmentId));
  if (res.ok) revalidatePath("/vault/policies");
  return res;
}

export type TSimulateResult = TActionResult & { decision?: TDecision & { principal: string } };

export async function simulateAction(_prev: TSimulateResult, fd: FormData): Promise<TSimulateResult> {
  let decision: (TDecision & { principal: string }) | undefined;
  const [kind, id] = String(fd.get("principal") ?? "").split(":");
  const res = await runAction(async () => {
    decision = await simulateAccess(await requireActor(), {
      ...(kind === "user" ? { userId: id } : { identityId: id }),
      path: String(fd.get("path") ?? ""),
      capability: String(fd.get("capability") ?? ""),
    });
  });
  // Expiry dates in grant sources survive the trip to the client as strings.
  return res.ok ? { ok: true, decision: JSON.parse(JSON.stringify(decision)) } : res;
}

// --- Keys and seal ----------------------------------------------------------------------------

export async function rotateKeyAction(): Promise<TActionResult & { jobRunId?: string }> {
  let jobRunId = "";
  const res = await runAction(async () => {
    jobRunId = (await rotateKeyEncryptionKey(await requireActor())).jobRunId;
  });
  if (res.ok) revalidatePath("/vault/keys");
  return res.ok ? { ok: true, jobRunId } : res;
}

export type TRunView = { id: string; status: string; progress: number; total: number; message: string; finishedAt: string | null };

export async function rewrapProgressAction(jobRunId: string): Promise<TActionResult & { run?: TRunView }> {
  let run: TRunView | undefined;
  const res = await runAction(async () => {
    const r = await rewrapProgress(await requireActor(), jobRunId);
    run = { id: r.id, status: r.status, progress: r.progress, total: r.total, message: r.message, finishedAt: r.finishedAt?.toISOString() ?? null };
  });
  return res.ok ? { ok: true, run } : res;
}

export async function unsealAction(_prev: TActionResult, fd: FormData): Promise<TActionResult> {
  let message = "";
  const res = await runAction(async () => {
    const s = await submitUnsealShareAsPerson(await requireActor(), { key: String(fd.get("key") ?? "") });
    message = s.sealed ? `Share accepted (${s.sharesGiven} given so far): more are needed.` : "Unsealed: values can be read and written again.";
  });
  if (res.ok) revalidatePath("/vault/keys");
  return res.ok ? { ok: true, message } : res;
}

export async function sealAction(_prev: TActionResult, _fd: FormData): Promise<TActionResult> {
  const res = await runAction(async () => sealVault(await requireActor()));
  if (res.ok) revalidatePath("/vault/keys");
  return res;
}
