// Restore drill (SECURITY.md invariant 10): a canary value, an encrypted backup, a restore into a
// NEW database, the canary decrypted there with the root key; with another root key the restore
// and the decryption fail cleanly. Runs the real npm scripts (pg_dump / pg_restore underneath).
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ROOT_KEY, makeWorkload } from "@/lib/domain/vault/testing";
import { DecryptionError, decryptValue } from "@/lib/crypto/envelope";
import { LocalKeyProvider } from "@/lib/crypto/providers/local";
import { decodeRootKey } from "@/lib/crypto/root-key";
import { authenticateWorkloadToken } from "@/lib/domain/vault/identities";
import { putSecretValue } from "@/lib/domain/vault/service";
import { uid } from "@/lib/testing/fixtures";
import { findPgTool } from "../scripts/lib/backup";
import { dropDatabase, withDatabase } from "../scripts/lib/services";

const ROOT = path.resolve(import.meta.dirname, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kw-drill-"));
const OTHER_ROOT_KEY = createHash("sha256").update("not the vault's root key").digest("base64");
const created: string[] = [];

function run(script: "backup" | "restore", args: string[], env: Record<string, string | undefined>) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "--conditions=react-server", path.join(ROOT, `scripts/${script}.ts`), ...args], {
    cwd: ROOT,
    env: { ...process.env, KEYWARD_BACKUP_PASSPHRASE: "", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

function newDatabase() {
  const url = withDatabase(process.env.DATABASE_URL!, `keyward_drill_${Date.now()}_${uid()}`);
  created.push(url);
  return url;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

/** The stored version row of the canary in `url`, decrypted with `rootKey`. */
async function decryptCanary(url: string, secretId: string, rootKey: string): Promise<string> {
  const [row] = await query<{ version: number; ciphertext: Buffer; nonce: Buffer; wrappedKey: Buffer; keyRef: string }>(
    url,
    `SELECT v.version, v.ciphertext, v.nonce, v."wrappedKey", k."keyRef" FROM "SecretVersion" v JOIN "KeyVersion" k ON k.id = v."keyVersionId" WHERE v."secretId" = $1 AND v.stage = 'current'`,
    [secretId],
  );
  const root = decodeRootKey(rootKey);
  const plain = await decryptValue(new LocalKeyProvider(() => root), { secretId, version: row.version }, row);
  return JSON.parse(plain.toString("utf8")).value;
}

let canary: string;
let secretId: string;
let backupFile: string;

beforeAll(async () => {
  // Fails with the install hint when the client tools are missing.
  findPgTool("pg_dump");
  findPgTool("pg_restore");
  const { team, token } = await makeWorkload([{ path: "prod/+/drill/*", capabilities: ["create", "update", "read"], effect: "allow" }]);
  const { actor } = await authenticateWorkloadToken(token);
  canary = `drill-canary-${randomBytes(12).toString("hex")}`;
  secretId = (await putSecretValue(actor, { path: `prod/${team.slug}/drill/canary`, value: canary })).secretId;
  backupFile = path.join(dir, "keyward.backup");
  const r = run("backup", [backupFile], { KEYWARD_ROOT_KEY: TEST_ROOT_KEY });
  expect(r.out).toMatch(/\[backup\] wrote/);
  expect(r.code).toBe(0);
}, 180_000);

afterAll(async () => {
  for (const url of created) await dropDatabase(url).catch(() => {});
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("backup and restore drill", () => {
  it("writes an encrypted file: no canary, no pg_dump signature, a manifest without the root key", () => {
    const bytes = fs.readFileSync(backupFile);
    expect(bytes.subarray(0, 8).toString()).toBe("KWBACKUP");
    expect(bytes.includes(Buffer.from(canary))).toBe(false);
    expect(bytes.includes(Buffer.from("PGDMP"))).toBe(false); // the custom-format dump's magic
    expect(bytes.includes(Buffer.from("SecretVersion"))).toBe(false); // table names only inside the ciphertext
    const root = decodeRootKey(TEST_ROOT_KEY);
    for (const enc of [root.toString("base64"), root.toString("hex"), TEST_ROOT_KEY]) expect(bytes.includes(Buffer.from(enc))).toBe(false);
    const len = bytes.readUInt32BE(9);
    const header = JSON.parse(bytes.subarray(13, 13 + len).toString());
    expect(header.manifest.rootKeyIncluded).toBe(false);
    expect(header.manifest.keyVersions.length).toBeGreaterThanOrEqual(1);
    expect(header.manifest.keyVersions[0]).toMatchObject({ provider: "local", keyRef: expect.stringMatching(/^local:\d+$/) });
    expect(header.recipients.map((r: { type: string }) => r.type)).toEqual(["provider"]);
  });

  it("restores into a new database where the root key decrypts the canary", async () => {
    const url = newDatabase();
    const r = run("restore", [backupFile], { DATABASE_URL: url, KEYWARD_ROOT_KEY: TEST_ROOT_KEY });
    expect(r.out).toMatch(/values decrypt/);
    expect(r.code).toBe(0);
    expect(await decryptCanary(url, secretId, TEST_ROOT_KEY)).toBe(canary);
    const [{ n }] = await query<{ n: string }>(url, `SELECT count(*) AS n FROM _prisma_migrations`);
    expect(Number(n)).toBeGreaterThan(0);
    // Another root key cannot decrypt what was restored: a clean DecryptionError, not a crash.
    await expect(decryptCanary(url, secretId, OTHER_ROOT_KEY)).rejects.toBeInstanceOf(DecryptionError);
    // A second restore into the now non-empty database is refused.
    const again = run("restore", [backupFile], { DATABASE_URL: url, KEYWARD_ROOT_KEY: TEST_ROOT_KEY });
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/not empty/);
  });

  it("with another root key the restore stops cleanly and writes nothing", async () => {
    const url = newDatabase();
    const r = run("restore", [backupFile], { DATABASE_URL: url, KEYWARD_ROOT_KEY: OTHER_ROOT_KEY });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/\[restore\] failed: Cannot open this backup: .*wrong root key.*Nothing was restored/);
    expect(r.out).not.toMatch(/\n\s+at /); // no stack trace
    const [{ n }] = await query<{ n: string }>(url, `SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`);
    expect(Number(n)).toBe(0);
  });

  it("a passphrase opens the backup too, and a flipped byte is refused", async () => {
    const file = path.join(dir, "with-passphrase.backup");
    const passphrase = "correct horse battery staple";
    expect(run("backup", [file], { KEYWARD_ROOT_KEY: TEST_ROOT_KEY, KEYWARD_BACKUP_PASSPHRASE: passphrase }).code).toBe(0);
    // Wrong root key but the right passphrase: the file opens, yet the key check stops the
    // restore because the values would not decrypt with this root key.
    const url1 = newDatabase();
    const mismatch = run("restore", [file], { DATABASE_URL: url1, KEYWARD_ROOT_KEY: OTHER_ROOT_KEY, KEYWARD_BACKUP_PASSPHRASE: passphrase });
    expect(mismatch.code).toBe(1);
    expect(mismatch.out).toMatch(/does not hold key version/);
    // Wrong passphrase, no root key at all.
    const url2 = newDatabase();
    const wrong = run("restore", [file], { DATABASE_URL: url2, KEYWARD_ROOT_KEY: "", KEYWARD_ROOT_KEY_FILE: path.join(dir, "missing.key"), KEYWARD_BACKUP_PASSPHRASE: "not the passphrase at all" });
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/passphrase .* is wrong/);
    // Tampered ciphertext: authentication fails before pg_restore runs.
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 100] ^= 0x01;
    const tampered = path.join(dir, "tampered.backup");
    fs.writeFileSync(tampered, bytes);
    const url3 = newDatabase();
    const t = run("restore", [tampered], { DATABASE_URL: url3, KEYWARD_ROOT_KEY: TEST_ROOT_KEY });
    expect(t.code).toBe(1);
    expect(t.out).toMatch(/altered or is damaged/);
    const [{ n }] = await query<{ n: string }>(url3, `SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`);
    expect(Number(n)).toBe(0);
    // The passphrase alone restores (no root key on this machine): keys reported unverified.
    const url4 = newDatabase();
    const ok = run("restore", [file], { DATABASE_URL: url4, KEYWARD_ROOT_KEY: "", KEYWARD_ROOT_KEY_FILE: path.join(dir, "missing.key"), KEYWARD_BACKUP_PASSPHRASE: passphrase });
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/NOT verified/);
    expect(await decryptCanary(url4, secretId, TEST_ROOT_KEY)).toBe(canary);
  });
});
