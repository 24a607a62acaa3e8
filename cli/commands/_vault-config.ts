// Where `keyward login` keeps the workload token: ~/.config/keyward/credentials.json (0600),
// or KEYWARD_TOKEN / KEYWARD_ADDR from the environment, which win.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { KeywardClient } from "../../sdk/client";

export function credentialsFile(): string {
  const base = process.env.KEYWARD_CONFIG_DIR ?? path.join(process.env.XDG_CONFIG_HOME ?? path.join(homedir(), ".config"), "keyward");
  return path.join(base, "credentials.json");
}

export function saveCredentials(c: { address: string; token: string; expiresAt: string }) {
  const file = credentialsFile();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(c, null, 2) + "\n", { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function clientFromConfig(flags: { address?: string } = {}): KeywardClient {
  const saved = existsSync(credentialsFile()) ? (JSON.parse(readFileSync(credentialsFile(), "utf8")) as { address: string; token: string }) : null;
  const address = flags.address || process.env.KEYWARD_ADDR || saved?.address;
  const token = process.env.KEYWARD_TOKEN || saved?.token;
  if (!address || !token) throw new Error("Not logged in: run `keyward login` (or set KEYWARD_ADDR and KEYWARD_TOKEN).");
  return new KeywardClient({ address, token });
}

export function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i !== -1) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}
