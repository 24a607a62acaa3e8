import "server-only";
import { appendAudit } from "@/lib/audit";
import { authorize, type Actor } from "@/lib/authz/authorize";
import { seal, sealStatus, submitShare } from "@/lib/crypto/keyring";
import { db } from "@/lib/db";
import { parse } from "@/lib/errors";
import { z } from "zod";
import { verifyProviderKeys } from "./keys";

// Sealed mode (KEYWARD_SEALED=1): value reads and writes answer 503 until k of n shares rebuild
// the root key. Giving a share needs no sign-in (the share is the credential), as in Vault.

export { sealStatus };

export async function submitUnsealShare(input: unknown, meta: { ip?: string | null } = {}) {
  const { key } = parse(z.strictObject({ key: z.string().min(10).max(1000) }), input);
  const before = sealStatus();
  const after = await submitShare(key, verifyProviderKeys);
  const actor: Actor = { kind: "system", id: null, label: "unseal", role: "admin", teamIds: [], ip: meta.ip ?? null };
  if (before.sealed && !after.sealed) {
    await db.$transaction((tx) => appendAudit(tx, actor, { action: "vault.unseal", targetType: "vault", after: { provider: after.provider } }));
  }
  return after;
}

export async function sealVault(actor: Actor) {
  authorize(actor, "vault:keys");
  seal();
  await db.$transaction((tx) => appendAudit(tx, actor, { action: "vault.seal", targetType: "vault" }));
  return sealStatus();
}

/** The console's unseal form: people with the key permission give a share (the API needs none). */
export async function submitUnsealShareAsPerson(actor: Actor, input: unknown) {
  authorize(actor, "vault:keys");
  return submitUnsealShare(input, { ip: actor.ip ?? null });
}
