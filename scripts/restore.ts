// npm run restore -- <file>
// Restores an encrypted backup (npm run backup) into DATABASE_URL, which must be a new, empty
// database (created when it does not exist). Needs the same root key / key provider as the
// backup (or KEYWARD_BACKUP_PASSPHRASE when it was set for the backup); checks the key versions
// before restoring, so a wrong key stops with a clear message and nothing half-restored.
import { BackupError, readBackupHeader, restoreBackup } from "./lib/backup.ts";
import { scriptKeyProvider } from "./lib/script-provider.ts";
import { createDatabase } from "./lib/services.ts";

const file = process.argv[2];
const databaseUrl = process.env.DATABASE_URL;
if (!file || file.startsWith("-") || !databaseUrl) {
  console.error("usage: DATABASE_URL=postgresql://…/<new database> npm run restore -- <file>   (env: the root key / key provider, or KEYWARD_BACKUP_PASSPHRASE)");
  process.exit(2);
}
let code = 0;
try {
  const { header } = readBackupHeader(file);
  const m = header.manifest;
  console.log(`[restore] backup ${m.backupId} of ${m.source.database} made ${m.createdAt}: ${m.counts.secrets} secrets, ${m.keyVersions.length} key version(s) on "${m.keyProvider}"`);
  const { provider, kind, note } = scriptKeyProvider();
  if (!provider && note) console.error(`[restore] key provider unavailable: ${note}`);
  await createDatabase(databaseUrl);
  const out = await restoreBackup({ databaseUrl, file, provider, providerKind: kind, passphrase: process.env.KEYWARD_BACKUP_PASSPHRASE || null });
  console.log(
    `[restore] restored into ${new URL(databaseUrl).pathname.slice(1)}; ` +
      (out.keysVerified ? "the root key holds every key version: values decrypt" : "key versions NOT verified (no key provider here): unseal / configure the root key before serving"),
  );
  await provider?.close?.();
} catch (e) {
  console.error(`[restore] failed: ${e instanceof BackupError ? e.message : (e as Error).message}`);
  code = 1;
}
process.exit(code);
