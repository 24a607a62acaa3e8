// The key provider for command-line scripts (backup, restore). Unlike the server it never
// creates a local root key: a restore on a new machine must use the original one.
import type { KeyProvider } from "../../lib/crypto/key-provider";
import { keyProvider, providerKind } from "../../lib/crypto/keyring";
import { LocalKeyProvider } from "../../lib/crypto/providers/local";
import { loadLocalRootKey } from "../../lib/crypto/root-key";

export function scriptKeyProvider(): { provider: KeyProvider | null; kind: string; note: string | null } {
  const kind = providerKind();
  if (kind === "local") {
    if (process.env.KEYWARD_SEALED === "1") return { provider: null, kind, note: "sealed mode: the root key is not available to scripts (use KEYWARD_BACKUP_PASSPHRASE)" };
    try {
      const root = loadLocalRootKey({ create: false });
      return { provider: new LocalKeyProvider(() => root), kind, note: null };
    } catch (e) {
      return { provider: null, kind, note: (e as Error).message };
    }
  }
  return { provider: keyProvider(), kind, note: null };
}
