"use server";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/actor";
import { disableUser, enableUser, inviteUser, setUserRole, setUserTeams } from "@/lib/domain/users/service";
import { formInput, runAction, type TActionResult } from "@/lib/form-action";

export async function inviteUserAction(_prev: TActionResult, fd: FormData): Promise<TActionResult> {
  const res = await runAction(async () =>
    inviteUser(await requireActor(), formInput(fd, { email: "string", name: "string", role: "string", teamIds: "array", password: "optional" })),
  );
  if (res.ok) redirect("/settings/users");
  return res;
}

export async function setUserRoleAction(userId: string, _prev: TActionResult, fd: FormData): Promise<TActionResult> {
  return runAction(async () => setUserRole(await requireActor(), userId, formInput(fd, { role: "string" })), { message: "Role saved." });
}

export async function setUserTeamsAction(userId: string, _prev: TActionResult, fd: FormData): Promise<TActionResult> {
  return runAction(async () => setUserTeams(await requireActor(), userId, formInput(fd, { teamIds: "array" })), { message: "Teams saved." });
}

export async function disableUserAction(userId: string, _prev: TActionResult, _fd: FormData): Promise<TActionResult> {
  const res = await runAction(async () => disableUser(await requireActor(), userId));
  if (res.ok) redirect(`/settings/users/${userId}`);
  return res;
}

export async function enableUserAction(userId: string, _prev: TActionResult, _fd: FormData): Promise<TActionResult> {
  const res = await runAction(async () => enableUser(await requireActor(), userId));
  if (res.ok) redirect(`/settings/users/${userId}`);
  return res;
}
