import { KeywardClient } from "../../sdk/client";
import { flag, readStdin, saveCredentials } from "./_vault-config";

export const summary = "log a workload in (client id + secret, or a JWT) and keep its token";

const help = `Usage: keyward login --address <url> --role-id <client id> [--secret-id-stdin]
       keyward login --address <url> --jwt-role <role> --jwt-file <path>
The client secret comes from KEYWARD_SECRET_ID or stdin, never from the command line.`;

export async function run(args: string[]): Promise<number> {
  if (args.includes("--help")) return void process.stdout.write(help + "\n"), 0;
  const address = flag(args, "address") || process.env.KEYWARD_ADDR;
  if (!address) return void process.stderr.write("keyward login: --address or KEYWARD_ADDR is required\n"), 2;
  const roleId = flag(args, "role-id") ?? process.env.KEYWARD_ROLE_ID;
  const jwtRole = flag(args, "jwt-role");
  let client: KeywardClient;
  if (jwtRole) {
    const file = flag(args, "jwt-file");
    if (!file) return void process.stderr.write("keyward login: --jwt-file is required with --jwt-role\n"), 2;
    const { readFileSync } = await import("node:fs");
    client = new KeywardClient({ address, jwt: { role: jwtRole, token: () => readFileSync(file, "utf8").trim() } });
  } else {
    if (!roleId) return void process.stderr.write("keyward login: --role-id or KEYWARD_ROLE_ID is required\n"), 2;
    const secretId = args.includes("--secret-id-stdin") ? await readStdin() : process.env.KEYWARD_SECRET_ID;
    if (!secretId) return void process.stderr.write("keyward login: give the client secret on stdin (--secret-id-stdin) or in KEYWARD_SECRET_ID\n"), 2;
    client = new KeywardClient({ address, roleId, secretId });
  }
  try {
    const ttl = await client.login();
    saveCredentials({ address, token: client.currentToken()!, expiresAt: new Date(Date.now() + ttl * 1000).toISOString() });
    process.stderr.write(`Logged in; the token is valid for ${Math.round(ttl / 60)} minutes.\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`keyward login: ${(e as Error).message}\n`);
    return 1;
  } finally {
    client.close();
  }
}
