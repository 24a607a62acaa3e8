// npm run backup -- <file>
// An encrypted backup of DATABASE_URL: pg_dump (custom format) encrypted with AES-256-GCM under a
// random key wrapped by the key provider's active KEK (the root key) and, when
// KEYWARD_BACKUP_PASSPHRASE is set, by that passphrase too; plus a manifest of key metadata
// (never the root key). Keep the root key (or HSM/KMS access) apart from the backups.
import { BackupError, createBackup } from "./lib/backup.ts";
import { scriptKeyProvider } from "./lib/script-provider.ts";
import { ensureServices } from "./lib/services.ts";

const file = process.argv[2];
if (!file || file.startsWith("-")) {
  console.error("usage: npm run backup -- <file>   (env: DATABASE_URL, the root key / key provider, optional KEYWARD_BACKUP_PASSPHRASE)");
  process.exit(2);
}
let code = 0;
// DATABASE_URL, else the same database `npm start` uses.
const services = process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL, stop: async () => {} } : await ensureServices();
try {
  const { provider, kind, note } = scriptKeyProvider();
  const passphrase = process.env.KEYWARD_BACKUP_PASSPHRASE || null;
  if (!provider && note) console.error(`[backup] key provider unavailable: ${note}`);
  const out = await createBackup({ databaseUrl: services.databaseUrl, file, provider, providerKind: kind, passphrase });
  const m = out.manifest;
  console.log(
    `[backup] wrote ${out.file} (${(out.bytes / 1048576).toFixed(1)} MB, encrypted): ${m.counts.secrets} secrets, ${m.counts.secretVersions} stored versions, ` +
      `${m.keyVersions.length} key version(s) on "${m.keyProvider}", opens with ${[provider ? "the root key" : null, passphrase ? "the passphrase" : null].filter(Boolean).join(" or ")}`,
  );
  await provider?.close?.();
} catch (e) {
  console.error(`[backup] failed: ${e instanceof BackupError ? e.message : (e as Error).message}`);
  code = 1;
} finally {
  await services.stop();
}
process.exit(code);
