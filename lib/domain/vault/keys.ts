import "server-only";
import { makeKeyCheck, verifyKeyCheck, type KeyProvider } from "@/lib/crypto/key-provider";
import { keyProvider, providerKind } from "@/lib/crypto/keyring";
import { rewrapKey } from "@/lib/crypto/envelope";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/errors";

// Key-encryption key versions. A KeyVersion row never changes its keyRef, so reads cache it by
// id forever; the active version is read fresh by writers.

const refCache = new Map<string, string>();

export async function keyRefOf(keyVersionId: string): Promise<string> {
  const cached = refCache.get(keyVersionId);
  if (cached) return cached;
  const row = await db.keyVersion.findUniqueOrThrow({ where: { id: keyVersionId }, select: { keyRef: true } });
  refCache.set(keyVersionId, row.keyRef);
  return row.keyRef;
}

/** The active KEK version, created (number 1) on first use. */
export async function activeKeyVersion(): Promise<{ id: string; number: number; keyRef: string }> {
  const row = await db.keyVersion.findFirst({ where: { status: "active" }, orderBy: { number: "desc" }, select: { id: true, number: true, keyRef: true } });
  if (row) return row;
  return createKeyVersion(1);
}

export async function createKeyVersion(number: number, provider: KeyProvider = keyProvider()) {
  const keyRef = await provider.createKey(number);
  const check = await makeKeyCheck(provider, keyRef);
  try {
    return await db.keyVersion.create({
      data: { number, provider: providerKind(), keyRef, check: new Uint8Array(check) },
      select: { id: true, number: true, keyRef: true },
    });
  } catch (e) {
    // Another process made it at the same moment.
    if (isUniqueViolation(e)) return db.keyVersion.findUniqueOrThrow({ where: { number }, select: { id: true, number: true, keyRef: true } });
    throw e;
  }
}

/** Whether `provider` holds the keys the database expects (the active version's check value). */
export async function verifyProviderKeys(provider: KeyProvider): Promise<boolean> {
  const rows = await db.keyVersion.findMany({ orderBy: { number: "desc" }, take: 1 });
  if (rows.length === 0) return true;
  return verifyKeyCheck(provider, rows[0].keyRef, Buffer.from(rows[0].check));
}

/**
 * Re-wraps every data key not yet under `toKeyVersionId`, in batches, each row updated only if
 * it still has the key version it was read with (so a concurrent destroy or a second runner
 * is never overwritten). Values are never decrypted; reads keep working throughout because
 * every row always holds a (wrappedKey, keyVersionId) pair that unwraps. A row whose key does
 * not unwrap (tampered) is reported, left as it is, and does not stop the rotation.
 */
export async function rewrapAll(toKeyVersionId: string, progress: (done: number, total: number) => Promise<void>, batch = 200) {
  const provider = keyProvider();
  const target = await db.keyVersion.findUniqueOrThrow({ where: { id: toKeyVersionId } });
  const failed: string[] = [];
  const where = () => ({ keyVersionId: { not: toKeyVersionId }, wrappedKey: { not: null }, ...(failed.length ? { id: { notIn: failed } } : {}) });
  const total = await db.secretVersion.count({ where: where() });
  let done = 0;
  let skipped = 0;
  // Several passes: rows written with the old key while a pass ran (a writer that read the
  // active version just before the rotation) are caught by the next one.
  for (let pass = 0; pass < 5; pass++) {
    let cursor: string | undefined;
    let changed = 0;
    for (;;) {
      const rows = await db.secretVersion.findMany({
        where: { ...where(), ...(cursor ? { AND: [{ id: { gt: cursor } }] } : {}) },
        orderBy: { id: "asc" },
        take: batch,
        select: { id: true, secretId: true, version: true, wrappedKey: true, keyVersionId: true },
      });
      if (rows.length === 0) break;
      for (const r of rows) {
        let wrapped: Buffer;
        try {
          const fromRef = await keyRefOf(r.keyVersionId);
          wrapped = await rewrapKey(provider, { secretId: r.secretId, version: r.version }, Buffer.from(r.wrappedKey!), fromRef, target.keyRef);
        } catch {
          failed.push(r.id);
          continue;
        }
        const res = await db.secretVersion.updateMany({
          where: { id: r.id, keyVersionId: r.keyVersionId, wrappedKey: { not: null } },
          data: { wrappedKey: new Uint8Array(wrapped), keyVersionId: target.id },
        });
        if (res.count) {
          done++;
          changed++;
        } else skipped++;
      }
      cursor = rows[rows.length - 1].id;
      await progress(done, Math.max(total, done));
    }
    if (changed === 0) break;
  }
  return { rewrapped: done, skipped, total, failed };
}
