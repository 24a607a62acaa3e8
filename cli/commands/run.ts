import { spawn } from "node:child_process";
import { clientFromConfig, flag } from "./_vault-config";

export const summary = "run a command with the secrets under --path in its environment only";

/** prod/payments/api/db-password -> DB_PASSWORD; with several keys: DB_PASSWORD_USERNAME ... */
export function envName(secretName: string, key?: string): string {
  const norm = (s: string) => s.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "").toUpperCase();
  return key && key !== "value" ? `${norm(secretName)}_${norm(key)}` : norm(secretName);
}

export async function run(args: string[]): Promise<number> {
  const sep = args.indexOf("--");
  const prefix = flag(args, "path");
  if (!prefix || sep === -1 || sep === args.length - 1) {
    process.stdout.write("Usage: keyward run --path <prefix> -- <command> [args...]\n");
    return 2;
  }
  const command = args.slice(sep + 1);
  const env: Record<string, string> = {};
  try {
    const client = clientFromConfig({ address: flag(args.slice(0, sep), "address") });
    const clean = prefix.replace(/^\/+|\/+$/g, "");
    const keys = (await client.list(clean)).filter((k) => !k.endsWith("/"));
    for (const k of keys) {
      const v = await client.get(`${clean}/${k}`);
      for (const [field, val] of Object.entries(v.data)) env[envName(k, Object.keys(v.data).length > 1 ? field : undefined)] = val;
    }
  } catch (e) {
    process.stderr.write(`keyward run: ${(e as Error).message}\n`);
    return 1;
  }
  process.stderr.write(`keyward run: ${Object.keys(env).length} variables from ${prefix}\n`);
  return new Promise<number>((resolve) => {
    const child = spawn(command[0], command.slice(1), { stdio: "inherit", env: { ...process.env, ...env } });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("error", (e) => {
      process.stderr.write(`keyward run: ${e.message}\n`);
      resolve(127);
    });
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}
