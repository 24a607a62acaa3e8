// MariaDB (and MySQL) users: 'user'@'host' accounts, SUPER or ALL privileges, password expiry
// (password_last_changed + lifetime, or expired now), locked accounts, and which look unused.
// MariaDB keeps no last-login time either: "looks unused" means locked, expired, or no session
// now and no privileges beyond USAGE.
import type mysql from "mysql2/promise";
import { z } from "zod";
import { accountRefs } from "../postgres";
import { defineConnector, type TDiscoveredAccount } from "../types";

export const ZMariadbConfig = z.strictObject({
  host: z.string().trim().min(1).max(253).default("127.0.0.1").describe("Host"),
  port: z.number().int().min(1).max(65535).default(3306).describe("Port"),
  ssl: z.boolean().default(false).describe("Use TLS"),
  includeSystemUsers: z.boolean().default(false).describe("Include mariadb.sys, mysql.* and root@localhost-style system users"),
});
export const ZMariadbCredentials = z.strictObject({
  username: z.string().min(1).max(80),
  password: z.string().max(1000).default(""),
});

type TConfig = z.output<typeof ZMariadbConfig>;
type TCreds = z.output<typeof ZMariadbCredentials>;

async function withConn<T>(config: TConfig, creds: TCreds | null, fn: (c: mysql.Connection) => Promise<T>): Promise<T> {
  const { createConnection } = await import("mysql2/promise");
  const conn = await createConnection({
    host: config.host,
    port: config.port,
    user: creds?.username ?? "root",
    password: creds?.password || undefined,
    ssl: config.ssl ? { rejectUnauthorized: false } : undefined,
    connectTimeout: 10_000,
    dateStrings: true,
  });
  try {
    return await fn(conn);
  } finally {
    await conn.end();
  }
}

const SYSTEM_USERS = new Set(["mariadb.sys", "mysql.sys", "mysql.session", "mysql.infoschema"]);

export const mariadbConnector = defineConnector({
  id: "mariadb",
  label: "MariaDB / MySQL accounts",
  description: "Lists users: SUPER privilege, password expiry, locked and unused-looking accounts; links them to inventory secrets.",
  configSchema: ZMariadbConfig,
  credentialsSchema: ZMariadbCredentials,
  capabilities: ["accounts"],
  async test(config, creds) {
    return withConn(config, creds, async (c) => {
      const [rows] = await c.query("SELECT VERSION() AS v");
      return { ok: true, message: `MariaDB/MySQL ${(rows as { v: string }[])[0]!.v}` };
    });
  },
  async discover(config, creds, ctx) {
    const accounts = await withConn(config, creds, async (c) => {
      const [vars] = await c.query("SELECT @@default_password_lifetime AS lifetime");
      const defaultLifetime = Number((vars as { lifetime: number | null }[])[0]?.lifetime ?? 0);
      let rows: Record<string, unknown>[];
      try {
        // MariaDB 10.4+: the account's JSON in mysql.global_priv has the password timestamps.
        const [r] = await c.query(
          `SELECT User AS user, Host AS host,
                  JSON_VALUE(Priv, '$.password_last_changed') AS changed,
                  JSON_VALUE(Priv, '$.password_lifetime') AS lifetime,
                  JSON_VALUE(Priv, '$.account_locked') AS locked,
                  JSON_VALUE(Priv, '$.plugin') AS plugin,
                  COALESCE(JSON_VALUE(Priv, '$.authentication_string'), '') <> '' AS has_password,
                  CAST(JSON_VALUE(Priv, '$.access') AS UNSIGNED) AS access
           FROM mysql.global_priv ORDER BY User, Host`,
        );
        rows = r as Record<string, unknown>[];
      } catch {
        const [r] = await c.query(
          `SELECT User AS user, Host AS host, UNIX_TIMESTAMP(password_last_changed) AS changed, password_lifetime AS lifetime,
                  account_locked = 'Y' AS locked, plugin, authentication_string <> '' AS has_password, NULL AS access
           FROM mysql.user ORDER BY User, Host`,
        );
        rows = r as Record<string, unknown>[];
      }
      const [sessions] = await c.query("SELECT USER AS user, COUNT(*) AS n FROM information_schema.PROCESSLIST GROUP BY USER");
      const sessionCount = new Map((sessions as { user: string; n: number }[]).map((s) => [s.user, Number(s.n)]));
      const now = Date.now();
      const server = `${config.host}:${config.port}`;
      const out: TDiscoveredAccount[] = [];
      for (const row of rows) {
        const user = String(row.user ?? "");
        const host = String(row.host ?? "");
        if (!config.includeSystemUsers && (SYSTEM_USERS.has(user) || user === "")) continue;
        const name = `'${user}'@'${host}'`;
        const [grantRows] = await c.query(`SHOW GRANTS FOR ?@?`, [user, host]).catch(() => [[]] as unknown as [unknown[]]);
        const grants = (grantRows as Record<string, string>[]).map((g) => Object.values(g)[0]!);
        const superuser = grants.some((g) => /^GRANT (ALL PRIVILEGES|.*\bSUPER\b).* ON \*\.\* /i.test(g));
        const onlyUsage = grants.every((g) => /^GRANT USAGE ON \*\.\* /i.test(g) || /^GRANT PROXY ON /i.test(g));
        const changed = row.changed != null ? Number(row.changed) : null;
        const lifetimeRaw = row.lifetime != null ? Number(row.lifetime) : -1;
        const lifetime = lifetimeRaw === -1 ? defaultLifetime : lifetimeRaw;
        const expiresAt = changed && lifetime > 0 ? new Date((changed + lifetime * 86_400) * 1000) : changed === 0 ? new Date(0) : null;
        const locked = row.locked === true || row.locked === 1 || row.locked === "true" || row.locked === "1";
        const reasons: string[] = [];
        if (locked) reasons.push("account locked");
        if (expiresAt && expiresAt.getTime() < now) reasons.push("password expired");
        if (!reasons.length && !sessionCount.get(user) && onlyUsage) reasons.push("no session and no privileges beyond USAGE");
        out.push({
          engine: "mariadb",
          server,
          name,
          canLogin: !locked,
          superuser,
          passwordSet: row.has_password === null || row.has_password === undefined ? null : Boolean(Number(row.has_password)),
          passwordExpiresAt: expiresAt ? expiresAt.toISOString() : null,
          lastUsedAt: sessionCount.get(user) ? new Date(now).toISOString() : null,
          looksUnused: reasons.length > 0,
          unusedReason: reasons.join("; "),
          refs: [...accountRefs("mariadb", user, config.host, config.port), `${user}@${host}`],
          details: { user, host, plugin: row.plugin ?? null, locked, sessions: sessionCount.get(user) ?? 0, grants: grants.length, passwordLifetimeDays: lifetime > 0 ? lifetime : null },
        });
      }
      return out;
    });
    await ctx.emit({ accounts });
    await ctx.progress(1, 1, `${accounts.length} users`);
    return { stats: { users: accounts.length, superusers: accounts.filter((a) => a.superuser).length, unused: accounts.filter((a) => a.looksUnused).length } };
  },
});
