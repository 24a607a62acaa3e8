"use server";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/actor";
import { createBackend, deleteBackend, updateBackend } from "@/lib/domain/backends/service";
import { formInput, runAction, type TActionResult } from "@/lib/form-action";
import { configFormSpec } from "./form-fields";

export async function createBackendAction(_prev: TActionResult, fd: FormData): Promise<TActionResult> {
  let id = "";
  const res = await runAction(async () => {
    const input = formInput(fd, { name: "string", kind: "string", description: "string", ...configFormSpec() });
    id = (await createBackend(await requireActor(), { ...input, config: input.config ?? {} })).id;
  });
  if (res.ok) redirect(`/backends/${id}`);
  return res;
}

export async function updateBackendAction(backendId: string, _prev: TActionResult, fd: FormData): Promise<TActionResult> {
  return runAction(
    async () => {
      const input = formInput(fd, { name: "string", description: "string", ...configFormSpec() });
      await updateBackend(await requireActor(), backendId, { ...input, config: input.config ?? {} });
    },
    { message: "Saved." },
  );
}

export async function deleteBackendAction(backendId: string, _prev: TActionResult, _fd: FormData): Promise<TActionResult> {
  const res = await runAction(async () => deleteBackend(await requireActor(), backendId));
  if (res.ok) redirect("/backends");
  return res;
}
