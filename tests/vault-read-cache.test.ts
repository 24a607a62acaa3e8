import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cachedRead as read, stopVaultReadCache, vaultReadCacheStats } from "@/lib/domain/vault/read-cache";

const TTL = 400;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 200 && !check(); i++) await sleep(25);
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

// Without a LISTEN connection (no DATABASE_URL here), so that other test files' commits, which
// NOTIFY and empty a listening cache, cannot interfere: entries then live `unlistenedMs`, through
// the same code as the TTL.
const cachedRead = <T>(key: string, load: () => Promise<T>) => read(key, load, { unlistenedMs: TTL });

describe("workload read cache: refresh ahead", () => {
  const databaseUrl = process.env.DATABASE_URL;
  beforeAll(async () => {
    await stopVaultReadCache();
    delete process.env.DATABASE_URL;
  });
  afterAll(() => {
    process.env.DATABASE_URL = databaseUrl;
  });

  it("past half its life an entry is still served at once, and reloaded in the background", async () => {
    let loads = 0;
    const load = async () => ++loads;
    expect(await cachedRead("ra", load)).toBe(1);
    expect(await cachedRead("ra", load)).toBe(1); // young: a plain hit
    expect(loads).toBe(1);

    await sleep(TTL * 0.6);
    const refreshes = vaultReadCacheStats().refreshes;
    expect(await cachedRead("ra", load)).toBe(1); // served from memory, not waiting for the load
    expect(vaultReadCacheStats().refreshes).toBe(refreshes + 1);
    await until(() => loads === 2, "the background reload");
    expect(await cachedRead("ra", load)).toBe(2);
    expect(await cachedRead("ra", load)).toBe(2); // the fresh entry is young again: no third load
    expect(loads).toBe(2);
  });

  it("an entry nobody read for a whole TTL is loaded again before it is served", async () => {
    let loads = 0;
    const load = async () => ++loads;
    await cachedRead("expired", load);
    await sleep(TTL + 50);
    expect(await cachedRead("expired", load)).toBe(2);
  });

  it("a refresh that finds the row gone drops the entry", async () => {
    let value: string | null = "token-row";
    const load = async () => value;
    expect(await cachedRead("gone", load)).toBe("token-row");
    await sleep(TTL * 0.6);
    value = null;
    expect(await cachedRead("gone", load)).toBe("token-row"); // still within its TTL
    await until(() => vaultReadCacheStats().refreshes > 0 && !vaultReadCacheStats().pending, "the background reload");
    expect(await cachedRead("gone", load)).toBeNull();
  });
});
