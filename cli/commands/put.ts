import { readFileSync } from "node:fs";
import { clientFromConfig, flag, readStdin } from "./_vault-config";

export const summary = "store a new version: key=@file, key=- (stdin), or --stdin for one value";

const help = `Usage: keyward put <path> --stdin              (one value, read from stdin)
       keyward put <path> key=@file key2=-       (from a file / stdin)
Values are never taken from the command line itself (shell history, process list).`;

export async function run(args: string[]): Promise<number> {
  const [path, ...rest] = args.filter((a) => a !== "--stdin" && !a.startsWith("--address"));
  if (!path || args.includes("--help")) return void process.stdout.write(help + "\n"), path ? 0 : 2;
  let payload: Record<string, string> | string;
  if (args.includes("--stdin")) payload = await readStdin();
  else {
    payload = {};
    for (const pair of rest) {
      const i = pair.indexOf("=");
      if (i < 1) return void process.stderr.write(`keyward put: "${pair.slice(0, 20)}" is not key=@file or key=-\n`), 2;
      const key = pair.slice(0, i);
      const src = pair.slice(i + 1);
      if (src === "-") payload[key] = await readStdin();
      else if (src.startsWith("@")) payload[key] = readFileSync(src.slice(1), "utf8").replace(/\r?\n$/, "");
      else return void process.stderr.write(`keyward put: give ${key} as ${key}=@file or ${key}=- (stdin), not inline\n`), 2;
    }
    if (Object.keys(payload).length === 0) return void process.stderr.write(help + "\n"), 2;
  }
  try {
    const out = await clientFromConfig({ address: flag(args, "address") }).put(path, payload);
    process.stderr.write(`Stored ${path} version ${out.version}.\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`keyward put: ${(e as Error).message}\n`);
    return 1;
  }
}
