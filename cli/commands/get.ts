import { clientFromConfig, flag } from "./_vault-config";

export const summary = "print a secret's value (--field <key>, --json)";

export async function run(args: string[]): Promise<number> {
  const path = args.find((a) => !a.startsWith("--") && args[args.indexOf(a) - 1] !== "--field" && args[args.indexOf(a) - 1] !== "--address");
  if (!path || args.includes("--help")) {
    process.stdout.write("Usage: keyward get <path> [--field <key>] [--json]\n");
    return path ? 0 : 2;
  }
  try {
    const v = await clientFromConfig({ address: flag(args, "address") }).get(path);
    const field = flag(args, "field");
    if (args.includes("--json")) process.stdout.write(JSON.stringify({ path: v.path, version: v.version, data: v.data }) + "\n");
    else if (field) {
      if (!(field in v.data)) return void process.stderr.write(`keyward get: no field "${field}"\n`), 1;
      process.stdout.write(v.data[field] + "\n");
    } else if (v.value !== null) process.stdout.write(v.value + "\n");
    else process.stdout.write(Object.entries(v.data).map(([k, x]) => `${k}=${x}`).join("\n") + "\n");
    return 0;
  } catch (e) {
    process.stderr.write(`keyward get: ${(e as Error).message}\n`);
    return 1;
  }
}
