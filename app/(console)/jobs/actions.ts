"use server";
import { requireActor } from "@/lib/actor";
import { requestHygieneRun } from "@/lib/domain/inventory/hygiene";
import { runAction, type TActionResult } from "@/lib/form-action";

export async function startHygieneRunAction(): Promise<TActionResult & { runId?: string }> {
  let runId = "";
  const res = await runAction(async () => {
    runId = (await requestHygieneRun(await requireActor())).id;
  });
  return res.ok ? { ...res, runId } : res;
}
