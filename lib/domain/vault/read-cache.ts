import pg from "pg";

// A per-process cache for the rows every workload read needs: the access token with its
// identity, the secret's version (ciphertext and wrapped key only: plaintext is never cached)
// and the identity's policy rules. Reads are most of a vault's traffic and these rows rarely
// change, so serving them from memory takes two queries off each read.
//
// It is never stale for longer than a commit takes to reach us: triggers on every table those
// rows come from NOTIFY channel keyward_vault (migration vault_change_notify), and each
// process LISTENs and drops everything it holds. Writes made by this process clear it at once
// as well (lib/db.ts). While the LISTEN connection is down nothing is cached, so a lost
// notification cannot leave a revoked token usable; entries also expire after
// KEYWARD_VAULT_CACHE_MS (default 2 s; 0 turns the cache off).

type Entry = { at: number; value: unknown };
type State = {
  entries: Map<string, Entry>;
  pending: Map<string, { generation: number; promise: Promise<unknown> }>;
  generation: number;
  listener: pg.Client | null;
  listening: boolean;
  connecting: boolean;
  retryAt: number;
  stats: { hits: number; misses: number; clears: number; refreshes: number };
};

const MAX_ENTRIES = 50_000;
const g = globalThis as unknown as { keywardVaultReadCache?: State }; // shared by every module copy in the process

function state(): State {
  return (g.keywardVaultReadCache ??= {
    entries: new Map(),
    pending: new Map(),
    generation: 0,
    listener: null,
    listening: false,
    connecting: false,
    retryAt: 0,
    stats: { hits: 0, misses: 0, clears: 0, refreshes: 0 },
  });
}

let ttlSetting: { raw: string | undefined; ms: number } | null = null;

function ttlMs(): number {
  // Read on every cached read: parse the setting only when it changes.
  const raw = process.env.KEYWARD_VAULT_CACHE_MS;
  if (!ttlSetting || ttlSetting.raw !== raw) {
    const v = Number(raw ?? 2000);
    ttlSetting = { raw, ms: Number.isFinite(v) && v > 0 ? v : 0 };
  }
  return ttlSetting.ms;
}

/** Drops every cached row (a change was committed, or is about to be). */
export function forgetVaultReads() {
  const s = state();
  s.generation++;
  s.stats.clears++;
  s.entries.clear();
  s.pending.clear();
}

/**
 * The cached value for `key`, else `load()`'s (cached unless null or a change arrived meanwhile).
 * `unlistenedMs`: how long the entry may still be kept while changes cannot be heard (the cache
 * off, or no LISTEN connection); 0, the default, keeps nothing then.
 */
export async function cachedRead<T>(key: string, load: () => Promise<T>, opts: { unlistenedMs?: number } = {}): Promise<T> {
  const s = state();
  const enabled = ttlMs() > 0;
  if (enabled && !s.listening) listen(s);
  const listening = enabled && s.listening;
  const ttl = listening ? ttlMs() : (opts.unlistenedMs ?? 0);
  if (!ttl) return load();
  const hit = s.entries.get(key);
  const age = hit ? Date.now() - hit.at : Infinity;
  if (hit && age < ttl) {
    s.stats.hits++;
    // Refresh ahead: past half its life an entry is reloaded in the background while it is still
    // served. Entries loaded together (at start, after every NOTIFY) would otherwise all expire
    // together and stall the reads that need them once per TTL, the reads' slowest tail.
    if (age >= ttl / 2 && !s.pending.has(key)) {
      s.stats.refreshes++;
      load$(s, key, load, listening).catch(() => undefined); // a failed refresh leaves the entry to expire
    }
    return hit.value as T;
  }
  // One load per key at a time: when an entry expires under load, the concurrent readers share
  // it instead of all querying at once.
  const inflight = s.pending.get(key);
  if (inflight && inflight.generation === s.generation) {
    s.stats.hits++;
    return inflight.promise as Promise<T>;
  }
  s.stats.misses++;
  return load$(s, key, load, listening);
}

/** Loads `key` and caches the value (unless null or a change arrived meanwhile), sharing the load with concurrent readers. */
function load$<T>(s: State, key: string, load: () => Promise<T>, listening: boolean): Promise<T> {
  const generation = s.generation;
  const promise: Promise<T> = load().then(
    (value) => {
      if (s.pending.get(key)?.promise === promise) s.pending.delete(key);
      // A change notified while loading may be newer than what was loaded: keep it only if none came.
      if (s.generation !== generation || (listening && !s.listening)) return value;
      if (value === null) s.entries.delete(key); // gone (a refresh found the row deleted)
      else {
        if (s.entries.size >= MAX_ENTRIES) s.entries.clear();
        s.entries.set(key, { at: Date.now(), value });
      }
      return value;
    },
    (e: unknown) => {
      if (s.pending.get(key)?.promise === promise) s.pending.delete(key);
      throw e;
    },
  );
  s.pending.set(key, { generation, promise });
  return promise;
}

export function vaultReadCacheStats() {
  const s = state();
  return { enabled: ttlMs() > 0, listening: s.listening, entries: s.entries.size, pending: s.pending.size, ...s.stats };
}

function listen(s: State) {
  if (s.connecting || s.listening || Date.now() < s.retryAt || !process.env.DATABASE_URL) return;
  s.connecting = true;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  const drop = () => {
    if (s.listener !== client) return;
    s.listener = null;
    s.listening = false;
    s.retryAt = Date.now() + 1000;
    forgetVaultReads();
  };
  client.on("notification", () => forgetVaultReads());
  client.on("error", drop);
  client.on("end", drop);
  client
    .connect()
    .then(() => client.query("LISTEN keyward_vault"))
    .then(() => {
      // The listener alone must not keep a script or test process alive.
      (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      s.listener = client;
      forgetVaultReads();
      s.listening = true;
    })
    .catch(() => {
      s.retryAt = Date.now() + 5000;
      client.end().catch(() => {});
    })
    .finally(() => {
      s.connecting = false;
    });
}

/** Tests: stop listening (the cache is then bypassed until the next read reconnects). */
export async function stopVaultReadCache() {
  const s = state();
  const c = s.listener;
  s.listener = null;
  s.listening = false;
  s.retryAt = 0;
  forgetVaultReads();
  await c?.end().catch(() => {});
}
