// PostgreSQL login roles: superuser or not, password expiry (VALID UNTIL), and which look
// unused. PostgreSQL keeps no last-login time, so "looks unused" is a heuristic, stated in
// unusedReason: the password has expired, or the role has no session now, owns nothing in the
// connected database and holds no table privileges there.
import pg from "pg";
import { z } from "zod";
import { defineConnector, type TDiscoveredAccount } from "../types";

export const ZPostgresConfig = z.strictObject({
  host: z.string().trim().min(1).max(253).default("127.0.0.1").describe("Host"),
  port: z.number().int().min(1).max(65535).default(5432).describe("Port"),
  database: z.string().trim().min(1).max(63).default("postgres").describe("Database to connect to"),
  ssl: z.boolean().default(false).describe("Use TLS"),
  includeSystemRoles: z.boolean().default(false).describe("Include pg_* and the bootstrap superuser"),
});
export const ZPostgresCredentials = z.strictObject({
  username: z.string().min(1).max(63),
  password: z.string().max(1000).default(""),
});

type TConfig = z.output<typeof ZPostgresConfig>;
type TCreds = z.output<typeof ZPostgresCredentials>;

async function withClient<T>(config: TConfig, creds: TCreds | null, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    host: config.host,
    port: config.port,
    database: config.database,
    user: creds?.username ?? "postgres",
    password: creds?.password || undefined,
    ssl: config.ssl ? { rejectUnauthorized: false } : undefined,
    connectionTimeoutMillis: 10_000,
    statement_timeout: 30_000,
    application_name: "keyward-discovery",
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function accountRefs(engine: "postgres" | "mariadb", user: string, host: string, port: number): string[] {
  const schemes = engine === "postgres" ? ["postgres", "postgresql"] : ["mysql", "mariadb"];
  return [...schemes.map((s) => `${s}://${user}@${host}:${port}`), `${user}@${host}:${port}`];
}

export const postgresConnector = defineConnector({
  id: "postgres",
  label: "PostgreSQL accounts",
  description: "Lists login roles: superuser, password expiry, and roles that look unused; links them to inventory secrets.",
  configSchema: ZPostgresConfig,
  credentialsSchema: ZPostgresCredentials,
  capabilities: ["accounts"],
  async test(config, creds) {
    return withClient(config, creds, async (c) => {
      const r = await c.query<{ v: string }>("SELECT version() AS v");
      return { ok: true, message: r.rows[0]!.v.split(" on ")[0]! };
    });
  },
  async discover(config, creds, ctx) {
    const accounts = await withClient(config, creds, async (c) => {
      const r = await c.query<{
        rolname: string; rolsuper: boolean; rolcanlogin: boolean; rolvaliduntil: Date | null; rolcreaterole: boolean; rolcreatedb: boolean;
        rolreplication: boolean; rolbypassrls: boolean; sessions: string; owned: string; privileges: string; member_of: string[] | null;
      }>(`
        SELECT r.rolname::text AS rolname, r.rolsuper, r.rolcanlogin, r.rolvaliduntil, r.rolcreaterole, r.rolcreatedb, r.rolreplication, r.rolbypassrls,
               (SELECT count(*) FROM pg_stat_activity a WHERE a.usename = r.rolname) AS sessions,
               (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid) + (SELECT count(*) FROM pg_namespace n WHERE n.nspowner = r.oid AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema') AS owned,
               (SELECT count(*) FROM information_schema.role_table_grants g WHERE g.grantee = r.rolname) AS privileges,
               ARRAY(SELECT b.rolname::text FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid WHERE m.member = r.oid) AS member_of
        FROM pg_roles r
        WHERE r.rolcanlogin AND ($1 OR (r.rolname NOT LIKE 'pg\\_%' AND r.oid <> 10))
        ORDER BY r.rolname`,
        [config.includeSystemRoles],
      );
      // Whether a password is set needs pg_authid (superusers only); unknown otherwise.
      const pw = new Map<string, boolean>();
      try {
        const a = await c.query<{ rolname: string; has: boolean }>("SELECT rolname, rolpassword IS NOT NULL AS has FROM pg_authid");
        for (const row of a.rows) pw.set(row.rolname, row.has);
      } catch {
        ctx.warn("pg_authid is not readable with these credentials: whether passwords are set is unknown");
      }
      const now = Date.now();
      const server = `${config.host}:${config.port}`;
      return r.rows.map((row): TDiscoveredAccount => {
        const expires = row.rolvaliduntil && Number.isFinite(row.rolvaliduntil.getTime()) ? row.rolvaliduntil : null;
        const reasons: string[] = [];
        if (expires && expires.getTime() < now) reasons.push("password expired");
        else if (Number(row.sessions) === 0 && Number(row.owned) === 0 && Number(row.privileges) === 0 && !row.rolsuper && !(row.member_of ?? []).length) {
          reasons.push(`no session, owns nothing and holds no table privileges in ${config.database}`);
        }
        return {
          engine: "postgres",
          server,
          name: row.rolname,
          canLogin: row.rolcanlogin,
          superuser: row.rolsuper,
          passwordSet: pw.has(row.rolname) ? pw.get(row.rolname)! : null,
          passwordExpiresAt: expires ? expires.toISOString() : null,
          lastUsedAt: Number(row.sessions) > 0 ? new Date(now).toISOString() : null,
          looksUnused: reasons.length > 0,
          unusedReason: reasons.join("; "),
          refs: accountRefs("postgres", row.rolname, config.host, config.port),
          details: {
            createRole: row.rolcreaterole, createDb: row.rolcreatedb, replication: row.rolreplication, bypassRls: row.rolbypassrls,
            sessions: Number(row.sessions), ownedObjects: Number(row.owned), tablePrivileges: Number(row.privileges), memberOf: row.member_of ?? [],
          },
        };
      });
    });
    await ctx.emit({ accounts });
    await ctx.progress(1, 1, `${accounts.length} login roles`);
    return { stats: { roles: accounts.length, superusers: accounts.filter((a) => a.superuser).length, unused: accounts.filter((a) => a.looksUnused).length } };
  },
});
