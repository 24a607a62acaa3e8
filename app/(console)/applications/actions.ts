"use server";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/actor";
import { createApplication, deleteApplication, updateApplication } from "@/lib/domain/applications/service";
import { formInput, runAction, type TActionResult } from "@/lib/form-action";

const fields = { name: "string", slug: "optional", description: "string", ownerTeamId: "nullable", environments: "array" } as const;

export async function createApplicationAction(_prev: TActionResult, fd: FormData): Promise<TActionResult> {
  let id = "";
  const res = await runAction(async () => {
    id = (await createApplication(await requireActor(), formInput(fd, fields))).id;
  });
  if (res.ok) redirect(`/applications/${id}`);
  return res;
}

export async function updateApplicationAction(appId: string, _prev: TActionResult, fd: FormData): Promise<TActionResult> {
  const res = await runAction(async () => updateApplication(await requireActor(), appId, formInput(fd, { ...fields, slug: "string" })));
  if (res.ok) redirect(`/applications/${appId}`);
  return res;
}

export async function deleteApplicationAction(appId: string, _prev: TActionResult, _fd: FormData): Promise<TActionResult> {
  const res = await runAction(async () => deleteApplication(await requireActor(), appId));
  if (res.ok) redirect("/applications");
  return res;
}
