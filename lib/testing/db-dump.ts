// The whole database as text, for tests that search it for plaintext canaries. pg_dump first
// (a matching one: KEYWARD_PG_BIN, the PATH, Debian's versioned folders); when there is none,
// or it refuses the server's version (an embedded PostgreSQL 18 next to Debian's pg_dump 15),
// a dump through SQL: every row of every table in the public schema, each column as its text
// form, and bytea columns also as their bytes decoded, so a plaintext kept in a bytea is found
// (array elements and JSON strings too, unescaped, as their text forms quote some characters).
// KEYWARD_TEST_DUMP=sql forces the SQL dump, =pg_dump forbids the fallback.
import { spawnSync } from "node:child_process";
import pg from "pg";
import { BackupError, findPgTool } from "../../scripts/lib/backup.ts";

export type TDumpVia = "pg_dump" | "sql";
export type TDump = { text: string; via: TDumpVia; /** Why pg_dump was not used. */ fallbackReason?: string };

const quote = (id: string) => `"${id.replaceAll('"', '""')}"`;

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** pg_dump's plain output, or why it cannot be used here (missing, or too old for the server). */
function pgDump(url: string, major: number, dataOnly: boolean): { text: string } | { unavailable: string } {
  let bin: string;
  try {
    bin = findPgTool("pg_dump", major);
  } catch (e) {
    if (e instanceof BackupError) return { unavailable: e.message };
    throw e;
  }
  const r = spawnSync(bin, ["--no-owner", ...(dataOnly ? ["--data-only"] : []), url], { maxBuffer: 1024 * 1024 * 1024 });
  if (r.error) {
    if ((r.error as NodeJS.ErrnoException).code === "ENOENT") return { unavailable: `${bin}: not found` };
    throw r.error;
  }
  const stderr = r.stderr.toString("utf8");
  if (r.status !== 0) {
    if (/server version mismatch|unsupported version/i.test(stderr)) return { unavailable: stderr.trim().slice(0, 500) };
    throw new Error(`pg_dump failed (exit ${r.status}): ${stderr.trim().slice(0, 500)}`);
  }
  return { text: r.stdout.toString("utf8") };
}

/** The strings inside a column value: a bytea's bytes as UTF-8, array elements, JSON strings and keys. */
function leaves(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  if (Buffer.isBuffer(v)) return [v.toString("utf8")];
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(leaves);
  if (typeof v === "object") return Object.entries(v).flatMap(([k, x]) => [k, ...leaves(x)]);
  return [String(v)];
}

/** Every table of the public schema, row by row: "-- <table>" then one tab-separated line per row. */
export async function sqlDump(url: string): Promise<string> {
  return withClient(url, async (c) => {
    const { rows: tables } = await c.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const out: string[] = [];
    for (const { name } of tables) {
      const { rows: cols } = await c.query<{ name: string; type: string }>(
        `SELECT column_name AS name, udt_name AS type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
        [name],
      );
      // Text forms from PostgreSQL itself (bytea as \x hex), then the raw bytes of bytea columns,
      // the elements of arrays and the parsed JSON values.
      const raw = cols.filter((col) => col.type === "bytea" || col.type === "json" || col.type === "jsonb" || col.type.startsWith("_"));
      const select = [
        ...cols.map((col, i) => `${quote(col.name)}::text AS t${i}`),
        ...raw.map((col, i) => `${quote(col.name)}${col.type.startsWith("_") ? "::text[]" : ""} AS r${i}`),
      ];
      out.push(`-- ${name} (${cols.map((col) => col.name).join(", ")})`);
      if (!select.length) continue;
      const res = await c.query<Record<string, string | Buffer | null>>({ text: `SELECT ${select.join(", ")} FROM public.${quote(name)}` });
      for (const row of res.rows) {
        const fields = cols.map((_, i) => row[`t${i}`] ?? "\\N");
        for (let i = 0; i < raw.length; i++) fields.push(...leaves(row[`r${i}`]));
        out.push((fields as string[]).join("\t"));
      }
    }
    return out.join("\n") + "\n";
  });
}

/** The database at `url` as text: pg_dump's when it can, else the SQL dump (see the top). */
export async function databaseDump(url: string, opts: { dataOnly?: boolean; via?: TDumpVia | "auto" } = {}): Promise<TDump> {
  const mode = opts.via ?? (process.env.KEYWARD_TEST_DUMP as TDumpVia | undefined) ?? "auto";
  if (!["auto", "pg_dump", "sql"].includes(mode)) throw new Error(`KEYWARD_TEST_DUMP: use pg_dump or sql, not ${mode}`);
  let fallbackReason = "the SQL dump was asked for (KEYWARD_TEST_DUMP=sql or via: \"sql\")";
  if (mode !== "sql") {
    const major = await withClient(url, async (c) => Math.floor(Number((await c.query<{ n: string }>(`SELECT current_setting('server_version_num') AS n`)).rows[0]!.n) / 10000));
    const r = pgDump(url, major, opts.dataOnly ?? false);
    if ("text" in r) return { text: r.text, via: "pg_dump" };
    if (mode === "pg_dump") throw new Error(`pg_dump cannot dump this database: ${r.unavailable}`);
    fallbackReason = r.unavailable;
  }
  return { text: await sqlDump(url), via: "sql", fallbackReason };
}
