"use server";
import { requireActor } from "@/lib/actor";
import { migrateFindingsToVault, triageFindings } from "@/lib/domain/discovery/service";
import { runAction, type TActionResult } from "@/lib/form-action";

/** Bulk triage from the findings table's selection: { ids, status, note?, acceptedUntil? }. */
export async function triageFindingsAction(input: unknown): Promise<TActionResult> {
  let updated = 0;
  const res = await runAction(async () => {
    updated = (await triageFindings(await requireActor(), input)).updated;
  });
  return res.ok ? { ...res, message: `${updated} finding${updated === 1 ? "" : "s"} updated.` } : res;
}

/** "Migrate to the vault" from the selection: { ids, environment, classification?, ownerTeamId? }. */
export async function migrateFindingsAction(input: unknown): Promise<TActionResult> {
  let summary = "";
  const res = await runAction(async () => {
    const r = await migrateFindingsToVault(await requireActor(), input);
    summary = `${r.migrated.length} inventory entr${r.migrated.length === 1 ? "y" : "ies"} created (pending rotation)` +
      (r.skipped.length ? `, ${r.skipped.length} already linked` : "") +
      (r.failed.length ? `, ${r.failed.length} failed: ${r.failed.slice(0, 3).map((f) => f.message).join("; ")}` : "") + ".";
  });
  return res.ok ? { ...res, message: summary } : res;
}
