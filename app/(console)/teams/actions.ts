"use server";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/actor";
import { createTeam, deleteTeam, updateTeam } from "@/lib/domain/teams/service";
import { formInput, runAction, type TActionResult } from "@/lib/form-action";

const fields = { name: "string", slug: "optional", description: "string", managerId: "nullable", memberIds: "array" } as const;

export async function createTeamAction(_prev: TActionResult, fd: FormData): Promise<TActionResult> {
  let id = "";
  const res = await runAction(async () => {
    id = (await createTeam(await requireActor(), formInput(fd, fields))).id;
  });
  if (res.ok) redirect(`/teams/${id}`);
  return res;
}

export async function updateTeamAction(teamId: string, _prev: TActionResult, fd: FormData): Promise<TActionResult> {
  const res = await runAction(async () => updateTeam(await requireActor(), teamId, formInput(fd, { ...fields, slug: "string" })));
  if (res.ok) redirect(`/teams/${teamId}`);
  return res;
}

export async function deleteTeamAction(teamId: string, _prev: TActionResult, _fd: FormData): Promise<TActionResult> {
  const res = await runAction(async () => deleteTeam(await requireActor(), teamId));
  if (res.ok) redirect("/teams");
  return res;
}
