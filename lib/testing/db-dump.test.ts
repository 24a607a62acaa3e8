import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uid } from "./fixtures";
import { databaseDump, sqlDump } from "./db-dump";

// The canary searches' database dump: the SQL fallback finds a plaintext in a text column and in
// a bytea column (as hex and as its bytes), is used when pg_dump refuses the server's version,
// and can be forced with KEYWARD_TEST_DUMP=sql.

const url = () => process.env.DATABASE_URL!;
const table = `dump_canary_${uid().replace(/[^a-z0-9]/gi, "").toLowerCase()}`;
const inText = `CANARY-TEXT-${randomUUID()}`;
const inBytes = `CANARY-BYTES-${randomUUID()}`;
const tricky = `CANARY-"quoted"\\and\ttab-${randomUUID()}`;

async function sql(text: string, values: unknown[] = []) {
  const c = new pg.Client({ connectionString: url() });
  await c.connect();
  try {
    return await c.query(text, values);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  await sql(`CREATE TABLE public."${table}" (id serial PRIMARY KEY, note text, blob bytea, tags text[], meta jsonb)`);
  await sql(`INSERT INTO public."${table}" (note, blob) VALUES ($1, $2)`, [inText, Buffer.concat([Buffer.from([0, 255, 1]), Buffer.from(inBytes, "utf8"), Buffer.from([2])])]);
  await sql(`INSERT INTO public."${table}" (note, blob, tags, meta) VALUES (NULL, NULL, $1, $2)`, [[tricky], JSON.stringify({ k: "plain", nested: [{ v: tricky }] })]);
});
afterAll(async () => {
  await sql(`DROP TABLE IF EXISTS public."${table}"`);
});

describe("database dump for canary searches", () => {
  it("the SQL dump holds every table, text columns as they are, bytea as hex and as decoded bytes", async () => {
    const text = await sqlDump(url());
    expect(text).toContain(`-- ${table} (id, note, blob, tags, meta)`);
    expect(text).toContain("-- SecretVersion ("); // the application's tables too
    expect(text).toContain(inText);
    expect(text).toContain(inBytes); // decoded from the bytea
    expect(text).toContain(Buffer.from(inBytes, "utf8").toString("hex")); // and its \x hex form
    // In an array and a JSON document, whose text forms escape quotes and backslashes: found as is.
    expect(text.split(tricky).length - 1).toBeGreaterThanOrEqual(2);
  });

  it("KEYWARD_TEST_DUMP=sql forces it; a canary in a row of an application table is found", async () => {
    const before = process.env.KEYWARD_TEST_DUMP;
    process.env.KEYWARD_TEST_DUMP = "sql";
    try {
      const d = await databaseDump(url());
      expect(d.via).toBe("sql");
      expect(d.text).toContain(inBytes);
    } finally {
      if (before === undefined) delete process.env.KEYWARD_TEST_DUMP;
      else process.env.KEYWARD_TEST_DUMP = before;
    }
  });

  it("falls back when pg_dump refuses the server's version, and only then", async () => {
    // A pg_dump that claims to be new enough but aborts like an old one facing a newer server.
    const dir = mkdtempSync(path.join(os.tmpdir(), "keyward-fake-pgdump-"));
    const saved = process.env.KEYWARD_PG_BIN;
    try {
      const fake = path.join(dir, "pg_dump");
      writeFileSync(
        fake,
        `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) 99.0"; exit 0; fi\n` +
          `echo "pg_dump: error: aborting because of server version mismatch" >&2\necho "pg_dump: detail: server version: 18.1; pg_dump version: 15.2" >&2\nexit 1\n`,
      );
      chmodSync(fake, 0o755);
      process.env.KEYWARD_PG_BIN = dir;
      const d = await databaseDump(url(), { via: "auto" });
      expect(d.via).toBe("sql");
      expect(d.fallbackReason).toMatch(/server version mismatch/);
      expect(d.text).toContain(inText);
      await expect(databaseDump(url(), { via: "pg_dump" })).rejects.toThrow(/server version mismatch/);

      // Any other pg_dump failure is an error, not a silent fallback.
      writeFileSync(fake, `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) 99.0"; exit 0; fi\necho "pg_dump: error: connection refused" >&2\nexit 1\n`);
      await expect(databaseDump(url(), { via: "auto" })).rejects.toThrow(/connection refused/);
    } finally {
      if (saved === undefined) delete process.env.KEYWARD_PG_BIN;
      else process.env.KEYWARD_PG_BIN = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("uses pg_dump when a matching one is installed (its output, with the planted rows)", async (ctx) => {
    const d = await databaseDump(url(), { via: "auto" });
    if (d.via === "sql") {
      // No usable pg_dump on this machine: the fallback is what the canary tests use here.
      expect(d.fallbackReason).toBeTruthy();
      ctx.annotate?.(`pg_dump not usable here: ${d.fallbackReason}`);
    } else {
      expect(d.text).toContain("PostgreSQL database dump");
    }
    expect(d.text).toContain(inText);
  });
});
