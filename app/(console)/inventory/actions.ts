"use server";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/actor";
import { bulkUpdateSecrets, createSecret, deleteSecret, updateSecret } from "@/lib/domain/inventory/service";
import { formInput, runAction, type TActionResult } from "@/lib/form-action";

const fields = {
  name: "string",
  path: "optional",
  description: "string",
  type: "string",
  environment: "string",
  classification: "string",
  ownerTeamId: "nullable",
  backendId: "string",
  externalRef: "nullable",
  rotationPeriodDays: "number",
  lastRotatedAt: "nullable",
  expiresAt: "nullable",
  applicationIds: "array",
  dynamic: "boolean",
} as const;

export type TSecretFormResult = TActionResult & { values?: Record<string, string | string[]> };

/** What the person typed, so a refused form shows it again instead of resetting. */
function echo(fd: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(fd.keys())) {
    if (key.startsWith("$") || key.startsWith("orig.")) continue;
    const all = fd.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = key === "applicationIds" ? all : (all[0] ?? "");
  }
  return out;
}

function input(fd: FormData, edit: boolean) {
  const data = formInput(fd, edit ? { ...fields, status: "string" } : fields);
  // An emptied period on the edit form means "no rotation policy" (null), not "unchanged".
  if (edit && fd.get("rotationPeriodDays") === "") data.rotationPeriodDays = null;
  // Date inputs carry days; keep the stored instant when the day shown was left as it was.
  for (const k of ["lastRotatedAt", "expiresAt"] as const) {
    const orig = fd.get(`orig.${k}`);
    if (edit && typeof orig === "string" && orig && data[k] === orig.slice(0, 10)) data[k] = orig;
  }
  const tags = String(fd.get("tags") ?? "");
  data.tags = tags.split(",").map((t) => t.trim()).filter(Boolean);
  return data;
}

export async function createSecretAction(_prev: TSecretFormResult, fd: FormData): Promise<TSecretFormResult> {
  let id = "";
  const res = await runAction(async () => {
    id = (await createSecret(await requireActor(), input(fd, false))).id;
  });
  if (res.ok) redirect(`/inventory/${id}`);
  return { ...res, values: echo(fd) };
}

export async function updateSecretAction(secretId: string, _prev: TSecretFormResult, fd: FormData): Promise<TSecretFormResult> {
  const res = await runAction(async () => updateSecret(await requireActor(), secretId, input(fd, true)));
  if (res.ok) redirect(`/inventory/${secretId}`);
  return { ...res, values: echo(fd) };
}

export async function deleteSecretAction(secretId: string, _prev: TActionResult, _fd: FormData): Promise<TActionResult> {
  const res = await runAction(async () => deleteSecret(await requireActor(), secretId));
  if (res.ok) redirect("/inventory");
  return res;
}

/** Bulk actions from the table's selection: { ids, ownerTeamId? , classification? }. */
export async function bulkUpdateSecretsAction(input: unknown): Promise<TActionResult & { updated?: number }> {
  let updated = 0;
  const res = await runAction(async () => {
    updated = (await bulkUpdateSecrets(await requireActor(), input)).updated;
  });
  return res.ok ? { ...res, updated, message: `${updated} secret${updated === 1 ? "" : "s"} updated.` } : res;
}
