import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { makeActor } from "@/lib/testing/fixtures";
import { TOKEN_CACHE_MS, authenticateApiToken, createApiToken, revokeApiToken } from "./service";

const settle = () => new Promise((r) => setTimeout(r, 200)); // the last-used write is fire-and-forget

describe("personal API tokens: per-process cache", () => {
  afterEach(() => vi.useRealTimers());

  it("a token revoked through the app stops working at once", async () => {
    const { actor } = await makeActor("developer");
    const { id, token } = await createApiToken(actor, { name: "cache-revoke" });
    expect((await authenticateApiToken(token))?.id).toBe(id);
    await revokeApiToken(actor, id);
    expect(await authenticateApiToken(token)).toBeNull();
  });

  it("a revocation this process did not see applies within TOKEN_CACHE_MS", async () => {
    const { actor } = await makeActor("developer");
    const { id, token } = await createApiToken(actor, { name: "cache-window" });
    expect((await authenticateApiToken(token))?.id).toBe(id);
    await settle();
    // As another process (or a direct database change) would revoke it.
    await db.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
    expect((await authenticateApiToken(token))?.id).toBe(id); // still cached: the documented window
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + TOKEN_CACHE_MS + 1 });
    expect(await authenticateApiToken(token)).toBeNull();
  });

  it("records last use off the request path and never caches unknown tokens", async () => {
    const { actor } = await makeActor("developer");
    const { id, token } = await createApiToken(actor, { name: "cache-last-used" });
    expect(await authenticateApiToken(token + "x")).toBeNull();
    await authenticateApiToken(token);
    await settle();
    expect((await db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeInstanceOf(Date);
  });
});
