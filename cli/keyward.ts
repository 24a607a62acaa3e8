#!/usr/bin/env -S npx tsx
// keyward: the command line. Each command lives in cli/commands/<name>.ts and exports
// `summary` (one line for help) and `run(args): Promise<number>` (the exit code). Adding a
// command means adding a file; this dispatcher never needs editing.

import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

type TCommand = { summary?: string; run: (args: string[]) => Promise<number> };

const COMMANDS_DIR = path.join(import.meta.dirname, "commands");

function commandNames(): string[] {
  return readdirSync(COMMANDS_DIR)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.startsWith("_"))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function load(name: string): Promise<TCommand | null> {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) return null;
  const file = path.join(COMMANDS_DIR, `${name}.ts`);
  if (!existsSync(file)) return null;
  return (await import(pathToFileURL(file).href)) as TCommand;
}

async function help(): Promise<void> {
  const lines = ["Usage: keyward <command> [options]", "", "Commands:"];
  for (const name of commandNames()) {
    const cmd = await load(name);
    lines.push(`  ${name.padEnd(10)} ${cmd?.summary ?? ""}`);
  }
  lines.push("", "Run `keyward <command> --help` for a command's options.");
  process.stdout.write(lines.join("\n") + "\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    await help();
    return name ? 0 : 2;
  }
  const cmd = await load(name);
  if (!cmd) {
    process.stderr.write(`keyward: unknown command "${name}"\n`);
    await help();
    return 2;
  }
  return cmd.run(rest);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`keyward: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
