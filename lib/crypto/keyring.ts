import { AppError } from "@/lib/errors";
import type { KeyProvider } from "./key-provider";
import { KmsKeyProvider } from "./providers/kms";
import { LocalKeyProvider } from "./providers/local";
import { Pkcs11KeyProvider } from "./providers/pkcs11";
import { loadLocalRootKey } from "./root-key";
import { combineShares } from "./shamir";

// The process's key provider, chosen by KEYWARD_KEY_PROVIDER (local | pkcs11 | kms), and the
// seal state. With KEYWARD_SEALED=1 (local provider) the root key is never read from disk or
// env: the server starts sealed and k of n Shamir shares rebuild it in memory.

type State = {
  provider: KeyProvider | null;
  sealedMode: boolean;
  root: Buffer | null;
  shares: string[];
};

const g = globalThis as unknown as { keywardKeyring?: State };

function state(): State {
  return (g.keywardKeyring ??= { provider: null, sealedMode: process.env.KEYWARD_SEALED === "1", root: null, shares: [] });
}

export function providerKind(): string {
  return process.env.KEYWARD_KEY_PROVIDER ?? "local";
}

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required for KEYWARD_KEY_PROVIDER=${providerKind()}`);
  return v;
}

function buildProvider(): KeyProvider {
  const kind = providerKind();
  const s = state();
  if (kind === "local") {
    if (s.sealedMode) {
      return new LocalKeyProvider(() => {
        if (!s.root) throw new AppError("sealed", "Keyward is sealed: unseal it with the key shares.");
        return s.root;
      });
    }
    const root = loadLocalRootKey({ create: process.env.NODE_ENV !== "production" });
    return new LocalKeyProvider(() => root);
  }
  if (kind === "pkcs11") {
    return new Pkcs11KeyProvider({
      library: required("KEYWARD_PKCS11_LIBRARY"),
      tokenLabel: required("KEYWARD_PKCS11_TOKEN"),
      pin: required("KEYWARD_PKCS11_PIN"),
    });
  }
  if (kind === "kms") {
    return new KmsKeyProvider({
      endpoint: required("KEYWARD_KMS_ENDPOINT"),
      region: process.env.KEYWARD_KMS_REGION ?? process.env.AWS_REGION ?? "us-east-1",
      keyId: process.env.KEYWARD_KMS_KEY_ID,
      credentials: {
        accessKeyId: required("AWS_ACCESS_KEY_ID"),
        secretAccessKey: required("AWS_SECRET_ACCESS_KEY"),
        sessionToken: process.env.AWS_SESSION_TOKEN,
      },
    });
  }
  throw new Error(`Unknown KEYWARD_KEY_PROVIDER "${kind}" (use local, pkcs11 or kms).`);
}

/** The key provider; throws a 503 "sealed" AppError while a sealed server waits for shares. */
export function keyProvider(): KeyProvider {
  const s = state();
  if (s.sealedMode && !s.root) throw new AppError("sealed", "Keyward is sealed: value reads and writes wait until it is unsealed with the key shares.");
  return (s.provider ??= buildProvider());
}

/** For tests: use this provider (or go back to the configured one with null). */
export function setKeyProvider(provider: KeyProvider | null) {
  state().provider = provider;
}

export function sealStatus() {
  const s = state();
  return { sealedMode: s.sealedMode, sealed: s.sealedMode && !s.root, sharesGiven: s.shares.length, provider: providerKind() };
}

/** Turns sealed mode on or off for this process (tests, and the sealed-mode set-up). */
export function configureSeal(sealedMode: boolean) {
  const s = state();
  s.sealedMode = sealedMode;
  s.root?.fill(0);
  s.root = null;
  s.shares = [];
  s.provider = null;
}

/** Forgets the root key: reads answer 503 until k shares are given again. */
export function seal() {
  const s = state();
  if (!s.sealedMode) throw new AppError("conflict", "This server does not run in sealed mode (KEYWARD_SEALED=1).");
  if (s.provider instanceof LocalKeyProvider) s.provider.clear();
  s.root?.fill(0);
  s.root = null;
  s.shares = [];
  s.provider = null;
}

/**
 * Adds one share. Once the combined shares give a root key that `verify` accepts (it checks the
 * stored key-check values), the server is unsealed. Wrong or too few shares just wait.
 */
export async function submitShare(share: string, verify: (candidate: KeyProvider) => Promise<boolean>) {
  const s = state();
  if (!s.sealedMode) throw new AppError("conflict", "This server does not run in sealed mode.");
  if (!s.root) {
    if (s.shares.includes(share.trim())) throw new AppError("conflict", "That share was already given.");
    s.shares.push(share.trim());
    if (s.shares.length >= 2) {
      let candidate: Buffer | null = null;
      try {
        candidate = await combineShares(s.shares);
      } catch (e) {
        s.shares.pop();
        throw new AppError("bad_request", (e as Error).message);
      }
      const root = candidate;
      if (await verify(new LocalKeyProvider(() => root))) {
        s.root = root;
        s.shares = [];
        s.provider = null;
      }
    }
  }
  return sealStatus();
}
