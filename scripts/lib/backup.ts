// Encrypted backups: a pg_dump (custom format) of the database, encrypted with AES-256-GCM under
// a random backup key, plus a plaintext manifest of key metadata (KEK versions, provider, key
// references and key-check values; never the root key). The backup key is wrapped for one or
// more "recipients": the key provider's active KEK (so the root key / HSM / KMS that protects
// the values also protects the backup) and, optionally, a passphrase (KEYWARD_BACKUP_PASSPHRASE,
// scrypt). See docs/decisions/006-vault-backups.md.
//
// File layout: "KWBACKUP" 0x01 | uint32 BE header length | header JSON | ciphertext | 16-byte tag.
// The magic, length and header are the additional authenticated data, so an edited manifest or
// recipient list fails like an edited dump.
import { spawn, spawnSync } from "node:child_process";
import { createCipheriv, createDecipheriv, randomBytes, randomUUID, scryptSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { KeyProvider } from "../../lib/crypto/key-provider";
import { verifyKeyCheck } from "../../lib/crypto/key-provider";

const MAGIC = Buffer.from("KWBACKUP\x01", "latin1");
const TAG = 16;
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

export type TKeyVersionMeta = { number: number; provider: string; keyRef: string; status: string; createdAt: string; retiredAt: string | null; check: string };

export type TManifest = {
  format: "keyward-backup";
  version: 1;
  backupId: string;
  createdAt: string;
  source: { database: string; serverVersion: string };
  pgDumpVersion: string;
  migrations: string[];
  keyProvider: string;
  keyVersions: TKeyVersionMeta[];
  counts: { secrets: number; secretVersions: number; auditEvents: number };
  rootKeyIncluded: false;
};

type TRecipient =
  | { type: "provider"; provider: string; keyRef: string; wrapped: string }
  | { type: "passphrase"; kdf: "scrypt"; salt: string; N: number; r: number; p: number; nonce: string; wrapped: string };

type THeader = { manifest: TManifest; cipher: "aes-256-gcm"; nonce: string; recipients: TRecipient[] };

// ---------------------------------------------------------------------------------------------
// PostgreSQL client tools

function toolVersion(bin: string): number | null {
  const r = spawnSync(bin, ["--version"], { encoding: "utf8" });
  const m = r.status === 0 ? r.stdout.match(/(\d+)(?:\.\d+)?/) : null;
  return m ? Number(m[1]) : null;
}

/**
 * pg_dump / pg_restore of at least the server's major version: KEYWARD_PG_BIN, the PATH, then
 * Debian's /usr/lib/postgresql/<n>/bin. Throws a message that says how to install them.
 */
export function findPgTool(name: "pg_dump" | "pg_restore", serverMajor = 0): string {
  const candidates: string[] = [];
  if (process.env.KEYWARD_PG_BIN) candidates.push(path.join(process.env.KEYWARD_PG_BIN, name));
  const which = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
  if (which.status === 0 && which.stdout.trim()) candidates.push(which.stdout.trim());
  const debian = "/usr/lib/postgresql";
  if (fs.existsSync(debian)) {
    for (const v of fs.readdirSync(debian).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(debian, v, "bin", name));
  }
  const found: string[] = [];
  for (const c of candidates) {
    if (!fs.existsSync(c)) continue;
    const v = toolVersion(c);
    if (v === null) continue;
    found.push(`${c} (${v})`);
    if (v >= serverMajor) return c;
  }
  throw new BackupError(
    found.length
      ? `${name} ${serverMajor} or newer is needed for this PostgreSQL ${serverMajor} server; found only ${found.join(", ")}. Install the matching client (Debian/Ubuntu: apt-get install postgresql-client-${serverMajor}) or set KEYWARD_PG_BIN to its bin folder.`
      : `${name} was not found. Install the PostgreSQL client tools (Debian/Ubuntu: apt-get install postgresql-client; macOS: brew install libpq) or set KEYWARD_PG_BIN to the folder that holds ${name}.`,
  );
}

/** A connection string without its password, and the password for PGPASSWORD (not in `ps`). */
function pgTarget(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  return { url: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
  } catch (e) {
    throw new BackupError(`Cannot connect to the database ${new URL(url).pathname.slice(1)}: ${(e as Error).message}`);
  }
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function serverMajor(c: pg.Client): Promise<{ major: number; version: string }> {
  const { rows } = await c.query<{ v: string; n: string }>(`SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n`);
  return { major: Math.floor(Number(rows[0].n) / 10000), version: rows[0].v };
}

// ---------------------------------------------------------------------------------------------
// Key wrapping

function aadForBackup(backupId: string): Buffer {
  return Buffer.from(`keyward/backup/v1|${backupId}`, "utf8");
}

function passphraseKey(passphrase: string, salt: Buffer, p = SCRYPT): Buffer {
  return scryptSync(passphrase.normalize("NFC"), salt, 32, { N: p.N, r: p.r, p: p.p, maxmem: SCRYPT.maxmem });
}

function gcmSeal(key: Buffer, plaintext: Buffer, aad: Buffer) {
  const nonce = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key, nonce);
  c.setAAD(aad);
  return { nonce, out: Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]) };
}

function gcmOpen(key: Buffer, nonce: Buffer, data: Buffer, aad: Buffer): Buffer {
  const d = createDecipheriv("aes-256-gcm", key, nonce);
  d.setAAD(aad);
  d.setAuthTag(data.subarray(data.length - TAG));
  return Buffer.concat([d.update(data.subarray(0, data.length - TAG)), d.final()]);
}

// ---------------------------------------------------------------------------------------------
// Backup

export type TBackupOptions = {
  databaseUrl: string;
  file: string;
  /** The key provider whose active KEK wraps the backup key; null: passphrase only. */
  provider: KeyProvider | null;
  providerKind: string;
  passphrase?: string | null;
};

async function readManifest(c: pg.Client, databaseUrl: string, pgDumpVersion: string): Promise<TManifest> {
  const { version } = await serverMajor(c);
  const has = async (t: string) => (await c.query(`SELECT to_regclass($1) AS r`, [`public."${t}"`])).rows[0].r !== null;
  if (!(await has("KeyVersion"))) throw new BackupError("This database has no Keyward schema (no KeyVersion table): run the migrations first, or check DATABASE_URL.");
  const keys = await c.query<{ number: number; provider: string; keyRef: string; status: string; createdAt: Date; retiredAt: Date | null; check: Buffer }>(
    `SELECT number, provider, "keyRef", status::text AS status, "createdAt", "retiredAt", "check" FROM "KeyVersion" ORDER BY number`,
  );
  const migrations = (await has("_prisma_migrations"))
    ? (await c.query<{ migration_name: string }>(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`)).rows.map((r) => r.migration_name)
    : [];
  const count = async (t: string) => Number((await c.query(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n);
  return {
    format: "keyward-backup",
    version: 1,
    backupId: randomUUID(),
    createdAt: new Date().toISOString(),
    source: { database: decodeURIComponent(new URL(databaseUrl).pathname.slice(1)), serverVersion: version },
    pgDumpVersion,
    migrations,
    keyProvider: keys.rows.at(-1)?.provider ?? "local",
    keyVersions: keys.rows.map((k) => ({
      number: k.number,
      provider: k.provider,
      keyRef: k.keyRef,
      status: k.status,
      createdAt: new Date(k.createdAt).toISOString(),
      retiredAt: k.retiredAt ? new Date(k.retiredAt).toISOString() : null,
      check: Buffer.from(k.check).toString("base64"),
    })),
    counts: { secrets: await count("Secret"), secretVersions: await count("SecretVersion"), auditEvents: await count("AuditEvent") },
    rootKeyIncluded: false,
  };
}

export async function createBackup(opts: TBackupOptions): Promise<{ file: string; bytes: number; manifest: TManifest }> {
  const { manifest, pgDump } = await withClient(opts.databaseUrl, async (c) => {
    const { major } = await serverMajor(c);
    const pgDump = findPgTool("pg_dump", major);
    const v = spawnSync(pgDump, ["--version"], { encoding: "utf8" }).stdout.trim();
    return { manifest: await readManifest(c, opts.databaseUrl, v), pgDump };
  });

  const dataKey = randomBytes(32);
  const aad = aadForBackup(manifest.backupId);
  const recipients: TRecipient[] = [];
  if (opts.provider) {
    const active = manifest.keyVersions.filter((k) => k.status === "active").at(-1) ?? manifest.keyVersions.at(-1);
    if (!active) throw new BackupError("There is no key-encryption key yet (no value was ever stored): nothing ties this backup to the root key. Set KEYWARD_BACKUP_PASSPHRASE, or store a value first.");
    if (active.provider !== opts.providerKind) throw new BackupError(`The database's keys belong to the "${active.provider}" provider but KEYWARD_KEY_PROVIDER is "${opts.providerKind}".`);
    if (!(await verifyKeyCheck(opts.provider, active.keyRef, Buffer.from(active.check, "base64")))) {
      throw new BackupError(`The configured root key / key provider does not hold key version ${active.number} of this database: refusing to write a backup it could not restore.`);
    }
    const wrapped = await opts.provider.wrap(dataKey, active.keyRef, aad);
    recipients.push({ type: "provider", provider: active.provider, keyRef: active.keyRef, wrapped: wrapped.toString("base64") });
  }
  if (opts.passphrase) {
    if (opts.passphrase.length < 12) throw new BackupError("KEYWARD_BACKUP_PASSPHRASE must be at least 12 characters.");
    const salt = randomBytes(16);
    const { nonce, out } = gcmSeal(passphraseKey(opts.passphrase, salt), dataKey, aad);
    recipients.push({ type: "passphrase", kdf: "scrypt", salt: salt.toString("base64"), N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, nonce: nonce.toString("base64"), wrapped: out.toString("base64") });
  }
  if (!recipients.length) throw new BackupError("No backup key: configure the key provider (root key) or set KEYWARD_BACKUP_PASSPHRASE.");

  const nonce = randomBytes(12);
  const header: THeader = { manifest, cipher: "aes-256-gcm", nonce: nonce.toString("base64"), recipients };
  const headerBytes = Buffer.from(JSON.stringify(header), "utf8");
  const len = Buffer.alloc(4);
  len.writeUInt32BE(headerBytes.length);
  const prefix = Buffer.concat([MAGIC, len, headerBytes]);

  const cipher = createCipheriv("aes-256-gcm", dataKey, nonce);
  cipher.setAAD(prefix);
  dataKey.fill(0);

  const final = path.resolve(opts.file);
  const partial = `${final}.partial-${process.pid}`;
  fs.mkdirSync(path.dirname(final), { recursive: true });
  const fh = await fs.promises.open(partial, "wx", 0o600);
  let bytes = 0;
  try {
    await fh.write(prefix);
    bytes += prefix.length;
    const target = pgTarget(opts.databaseUrl);
    const child = spawn(pgDump, ["--format=custom", "--no-owner", "--no-privileges", `--dbname=${target.url}`], { env: target.env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr = (stderr + b.toString()).slice(-2000)));
    const exited = new Promise<number>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code) => resolve(code ?? 1));
    });
    for await (const chunk of child.stdout) {
      const enc = cipher.update(chunk as Buffer);
      await fh.write(enc);
      bytes += enc.length;
    }
    const code = await exited;
    if (code !== 0) throw new BackupError(`pg_dump failed (exit ${code}): ${stderr.trim()}`);
    const tail = Buffer.concat([cipher.final(), cipher.getAuthTag()]);
    await fh.write(tail);
    bytes += tail.length;
    await fh.sync();
    await fh.close();
    fs.renameSync(partial, final);
  } catch (e) {
    await fh.close().catch(() => {});
    fs.rmSync(partial, { force: true });
    throw e;
  }
  return { file: final, bytes, manifest };
}

// ---------------------------------------------------------------------------------------------
// Restore

/** Reads the plaintext header of a backup file (no key needed): the manifest and recipients. */
export function readBackupHeader(file: string): { header: THeader; prefix: Buffer } {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch {
    throw new BackupError(`Cannot open the backup file ${file}.`);
  }
  try {
    const head = Buffer.alloc(MAGIC.length + 4);
    if (fs.readSync(fd, head, 0, head.length, 0) !== head.length || !head.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new BackupError(`${file} is not a Keyward backup (made by npm run backup).`);
    }
    const len = head.readUInt32BE(MAGIC.length);
    if (len > 10 * 1024 * 1024) throw new BackupError(`${file} has a damaged header.`);
    const body = Buffer.alloc(len);
    if (fs.readSync(fd, body, 0, len, head.length) !== len) throw new BackupError(`${file} is truncated.`);
    let header: THeader;
    try {
      header = JSON.parse(body.toString("utf8")) as THeader;
    } catch {
      throw new BackupError(`${file} has a damaged header.`);
    }
    if (header.manifest?.format !== "keyward-backup" || header.manifest.version !== 1) throw new BackupError(`${file}: unsupported backup format.`);
    return { header, prefix: Buffer.concat([head, body]) };
  } finally {
    fs.closeSync(fd);
  }
}

export type TRestoreOptions = {
  databaseUrl: string;
  file: string;
  provider: KeyProvider | null;
  providerKind: string;
  passphrase?: string | null;
};

/** Unwraps the backup key with the provider or the passphrase; a clear error when neither fits. */
async function unwrapBackupKey(header: THeader, opts: TRestoreOptions): Promise<Buffer> {
  const aad = aadForBackup(header.manifest.backupId);
  const tried: string[] = [];
  if (opts.passphrase) {
    for (const r of header.recipients) {
      if (r.type !== "passphrase") continue;
      try {
        return gcmOpen(passphraseKey(opts.passphrase, Buffer.from(r.salt, "base64"), { N: r.N, r: r.r, p: r.p, maxmem: SCRYPT.maxmem }), Buffer.from(r.nonce, "base64"), Buffer.from(r.wrapped, "base64"), aad);
      } catch {
        tried.push("the passphrase (KEYWARD_BACKUP_PASSPHRASE) is wrong");
      }
    }
  }
  if (opts.provider) {
    for (const r of header.recipients) {
      if (r.type !== "provider") continue;
      if (r.provider !== opts.providerKind) {
        tried.push(`the backup key is wrapped by the "${r.provider}" provider, not "${opts.providerKind}"`);
        continue;
      }
      try {
        return await opts.provider.unwrap(Buffer.from(r.wrapped, "base64"), r.keyRef, aad);
      } catch {
        tried.push(`the root key / key provider does not hold key ${r.keyRef} of this backup (wrong root key?)`);
      }
    }
  }
  if (!tried.length) {
    const kinds = header.recipients.map((r) => (r.type === "passphrase" ? "a passphrase (KEYWARD_BACKUP_PASSPHRASE)" : `the ${r.provider} key provider's root key`));
    throw new BackupError(`This backup opens with ${kinds.join(" or ")}; none was given.`);
  }
  throw new BackupError(`Cannot open this backup: ${tried.join("; ")}. Nothing was restored.`);
}

/** Checks that the provider holds every KEK version of the backup (values will decrypt). */
async function verifyKeys(manifest: TManifest, provider: KeyProvider): Promise<number[]> {
  const bad: number[] = [];
  for (const k of manifest.keyVersions) {
    if (!(await verifyKeyCheck(provider, k.keyRef, Buffer.from(k.check, "base64")))) bad.push(k.number);
  }
  return bad;
}

export async function restoreBackup(opts: TRestoreOptions): Promise<{ manifest: TManifest; keysVerified: boolean }> {
  const { header, prefix } = readBackupHeader(opts.file);
  const manifest = header.manifest;
  const dataKey = await unwrapBackupKey(header, opts);
  let keysVerified = false;
  if (opts.provider) {
    const bad = await verifyKeys(manifest, opts.provider);
    if (bad.length) {
      dataKey.fill(0);
      throw new BackupError(`The root key / key provider does not hold key version(s) ${bad.join(", ")} of this backup: its secret values would not decrypt. Nothing was restored.`);
    }
    keysVerified = true;
  }

  const pgRestore = await withClient(opts.databaseUrl, async (c) => {
    const { major } = await serverMajor(c);
    const { rows } = await c.query<{ n: string }>(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`);
    if (Number(rows[0].n) > 0) {
      throw new BackupError(`The target database ${new URL(opts.databaseUrl).pathname.slice(1)} is not empty: restore into a new, empty database.`);
    }
    return findPgTool("pg_restore", major);
  });

  // Decrypt to a private temporary file; the GCM tag is checked before pg_restore sees a byte.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "keyward-restore-"));
  fs.chmodSync(dir, 0o700);
  const dump = path.join(dir, "dump.pgc");
  try {
    const size = fs.statSync(opts.file).size;
    if (size < prefix.length + TAG) throw new BackupError(`${opts.file} is truncated.`);
    const tag = Buffer.alloc(TAG);
    const fd = fs.openSync(opts.file, "r");
    fs.readSync(fd, tag, 0, TAG, size - TAG);
    fs.closeSync(fd);
    const decipher = createDecipheriv("aes-256-gcm", dataKey, Buffer.from(header.nonce, "base64"));
    dataKey.fill(0);
    decipher.setAAD(prefix);
    decipher.setAuthTag(tag);
    const out = await fs.promises.open(dump, "wx", 0o600);
    try {
      if (size - TAG > prefix.length) {
        for await (const chunk of fs.createReadStream(opts.file, { start: prefix.length, end: size - TAG - 1 })) await out.write(decipher.update(chunk as Buffer));
      }
      try {
        await out.write(decipher.final());
      } catch {
        throw new BackupError(`${opts.file} was altered or is damaged (authentication failed). Nothing was restored.`);
      }
    } finally {
      await out.close();
    }
    const target = pgTarget(opts.databaseUrl);
    const r = spawnSync(pgRestore, ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${target.url}`, dump], { env: target.env, encoding: "utf8" });
    if (r.status !== 0) throw new BackupError(`pg_restore failed (exit ${r.status}): ${(r.stderr || r.error?.message || "").trim().slice(-1500)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { manifest, keysVerified };
}
