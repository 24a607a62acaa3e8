"use server";
import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/actor";
import { createApiToken, revokeApiToken } from "@/lib/domain/tokens/service";
import { formInput, runAction, type TActionResult } from "@/lib/form-action";

export async function createTokenAction(_prev: TActionResult, fd: FormData): Promise<TActionResult> {
  let token = "";
  const res = await runAction(async () => {
    token = (await createApiToken(await requireActor(), formInput(fd, { name: "string", expiresInDays: "optional" }))).token;
  });
  if (!res.ok) return res;
  revalidatePath("/settings/tokens");
  // Returned to this form once; never stored in plaintext, never put in a URL.
  return { ...res, reveal: token };
}

export async function revokeTokenAction(tokenId: string, _prev: TActionResult, _fd: FormData): Promise<TActionResult> {
  const res = await runAction(async () => revokeApiToken(await requireActor(), tokenId));
  if (res.ok) revalidatePath("/settings/tokens");
  return res;
}
