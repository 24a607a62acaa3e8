// Keyward Node SDK: logs a workload in (AppRole-style client id + secret, or a JWT), renews its
// token before expiry (logging in again once renewal reaches the max TTL), and caches values by
// ETag so refreshes cost a 304 until the version changes. No dependencies beyond Node 20.

export type TKeywardClientOptions = {
  address: string; // https://keyward.example.com
  token?: string;
  roleId?: string;
  secretId?: string;
  jwt?: { role: string; token: () => string | Promise<string> };
  fetch?: typeof fetch;
  /** Renew when this fraction of the TTL has passed (default 2/3). */
  renewAt?: number;
};

export type TSecretValue = { path: string; secretId: string; version: number; value: string | null; data: Record<string, string> };

export class KeywardError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = "KeywardError";
  }
}

export class KeywardClient {
  private token: string | null;
  private expiresAt = 0;
  private renewTimer: NodeJS.Timeout | null = null;
  private cache = new Map<string, { etag: string; value: TSecretValue }>();
  private readonly f: typeof fetch;

  constructor(private readonly opts: TKeywardClientOptions) {
    this.token = opts.token ?? null;
    this.f = opts.fetch ?? fetch;
  }

  private url(p: string) {
    return this.opts.address.replace(/\/+$/, "") + p;
  }

  private async call(method: string, p: string, body?: unknown, headers: Record<string, string> = {}, auth = true) {
    if (auth) await this.ensureToken();
    const res = await this.f(this.url(p), {
      method,
      headers: { ...(auth && this.token ? { "x-vault-token": this.token, authorization: `Bearer ${this.token}` } : {}), ...(body ? { "content-type": "application/json" } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    return res;
  }

  private static async fail(res: Response): Promise<never> {
    let msg = `HTTP ${res.status}`;
    try {
      const j = (await res.json()) as { error?: { message?: string }; errors?: string[] };
      msg = j.error?.message ?? j.errors?.filter(Boolean).join(": ") ?? msg;
    } catch {}
    throw new KeywardError(res.status, msg);
  }

  /** Logs in with the configured credentials; returns the token's lifetime in seconds. */
  async login(): Promise<number> {
    let res: Response;
    if (this.opts.roleId && this.opts.secretId) {
      res = await this.call("POST", "/v1/auth/approle/login", { role_id: this.opts.roleId, secret_id: this.opts.secretId }, {}, false);
    } else if (this.opts.jwt) {
      res = await this.call("POST", "/v1/auth/jwt/login", { role: this.opts.jwt.role, jwt: await this.opts.jwt.token() }, {}, false);
    } else {
      throw new KeywardError(401, "No credentials to log in with (roleId + secretId, or jwt).");
    }
    if (!res.ok) await KeywardClient.fail(res);
    const j = (await res.json()) as { auth: { client_token: string; lease_duration: number } };
    this.token = j.auth.client_token;
    this.schedule(j.auth.lease_duration);
    return j.auth.lease_duration;
  }

  private schedule(ttl: number) {
    this.expiresAt = Date.now() + ttl * 1000;
    if (this.renewTimer) clearTimeout(this.renewTimer);
    if (ttl <= 0) return;
    this.renewTimer = setTimeout(() => void this.renew().catch(() => this.relogin()), Math.max(1000, ttl * 1000 * (this.opts.renewAt ?? 2 / 3)));
    this.renewTimer.unref?.();
  }

  private async relogin() {
    this.token = this.opts.token ?? null;
    if (this.opts.roleId || this.opts.jwt) await this.login().catch(() => {});
  }

  /** Extends the token; when it can no longer grow (max TTL), logs in again if it can. */
  async renew(): Promise<number> {
    const before = this.expiresAt;
    const res = await this.call("POST", "/v1/auth/token/renew-self", undefined, {}, false);
    if (!res.ok) await KeywardClient.fail(res);
    const j = (await res.json()) as { auth: { lease_duration: number } };
    const ttl = j.auth.lease_duration;
    if (Date.now() + ttl * 1000 <= before + 1000 && (this.opts.roleId || this.opts.jwt)) return this.login();
    this.schedule(ttl);
    return ttl;
  }

  private async ensureToken() {
    if (!this.token || (this.expiresAt && Date.now() > this.expiresAt - 5000)) {
      if (this.opts.roleId || this.opts.jwt) await this.login();
    }
    if (!this.token) throw new KeywardError(401, "Not logged in.");
  }

  /** The current value of a secret; cached, revalidated with If-None-Match on each call. */
  async get(path: string): Promise<TSecretValue> {
    const cached = this.cache.get(path);
    const res = await this.call("GET", `/api/v1/secrets/value?path=${encodeURIComponent(path)}`, undefined, cached ? { "if-none-match": cached.etag } : {});
    if (res.status === 304 && cached) return cached.value;
    if (!res.ok) await KeywardClient.fail(res);
    const value = (await res.json()) as TSecretValue;
    this.cache.set(path, { etag: res.headers.get("etag") ?? "", value });
    return value;
  }

  async put(path: string, data: Record<string, string> | string): Promise<{ version: number }> {
    const res = await this.call("PUT", "/api/v1/secrets/value", typeof data === "string" ? { path, value: data } : { path, data });
    if (!res.ok) await KeywardClient.fail(res);
    return (await res.json()) as { version: number };
  }

  /** Secret paths directly below a prefix ("dir/" entries end with a slash). */
  async list(prefix: string): Promise<string[]> {
    const res = await this.call("GET", `/v1/secret/metadata/${prefix.replace(/^\/+|\/+$/g, "")}?list=true`);
    if (res.status === 404) return [];
    if (!res.ok) await KeywardClient.fail(res);
    return ((await res.json()) as { data: { keys: string[] } }).data.keys;
  }

  /** Calls `onChange` whenever the secret's version changes; returns a stop function. */
  watch(path: string, onChange: (v: TSecretValue) => void, intervalMs = 30_000): () => void {
    let last = -1;
    const tick = async () => {
      try {
        const v = await this.get(path);
        if (v.version !== last) {
          last = v.version;
          onChange(v);
        }
      } catch {}
    };
    void tick();
    const t = setInterval(tick, intervalMs);
    t.unref?.();
    return () => clearInterval(t);
  }

  currentToken(): string | null {
    return this.token;
  }

  close() {
    if (this.renewTimer) clearTimeout(this.renewTimer);
  }
}
