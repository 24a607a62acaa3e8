#!/usr/bin/env node
// keyward command line with a fast start. Commands in BUNDLED run from an esbuild bundle of their
// TypeScript, built on first use and rebuilt whenever one of its source files changes (kept under
// node_modules/.cache, never committed), so a run skips tsx's start-up and on-the-fly compiling;
// every other command, and any run where bundling is not possible, goes through tsx and
// cli/keyward.ts as before. KEYWARD_CLI_NO_BUNDLE=1 forces the tsx path.

import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "..");
const CACHE = process.env.KEYWARD_CLI_CACHE ?? path.join(ROOT, "node_modules", ".cache", "keyward-cli");
// commands whose modules (and what they import from the project) do not use import.meta to find
// files next to themselves, which a bundle living elsewhere would break
const BUNDLED = new Set(["scan"]);
const MANIFEST_VERSION = 1;

/** The bundle's manifest lists every source file it was built from, with size and mtime. */
function isFresh(manifestFile) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  } catch {
    return false;
  }
  if (manifest.version !== MANIFEST_VERSION) return false;
  for (const [file, [size, mtime]] of Object.entries(manifest.inputs)) {
    const st = statSync(file, { throwIfNoEntry: false });
    if (!st || st.size !== size || st.mtimeMs !== mtime) return false;
  }
  return true;
}

async function loadBundled(name) {
  const out = path.join(CACHE, `${name}.mjs`);
  const manifestFile = path.join(CACHE, `${name}.json`);
  if (!isFresh(manifestFile)) {
    let esbuild;
    try {
      esbuild = await import("esbuild");
    } catch {
      return null;
    }
    const tmp = path.join(CACHE, `${name}.${process.pid}.tmp.mjs`);
    try {
      mkdirSync(CACHE, { recursive: true });
      const result = await esbuild.build({
        absWorkingDir: ROOT,
        entryPoints: [path.join(ROOT, "cli", "commands", `${name}.ts`)],
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        packages: "external", // node_modules stay where they are, resolved at run time
        tsconfig: path.join(ROOT, "tsconfig.json"),
        outfile: tmp,
        metafile: true,
        logLevel: "silent",
      });
      const inputs = {};
      for (const rel of Object.keys(result.metafile.inputs)) {
        const file = path.resolve(ROOT, rel);
        const st = statSync(file);
        inputs[file] = [st.size, st.mtimeMs];
      }
      // rename: another run starting meanwhile sees the old pair or the new one, never half a file
      renameSync(tmp, out);
      writeFileSync(`${manifestFile}.${process.pid}`, JSON.stringify({ version: MANIFEST_VERSION, inputs }));
      renameSync(`${manifestFile}.${process.pid}`, manifestFile);
    } catch {
      // no cache folder, a build error: the tsx path runs the command (and reports any error)
      try {
        rmSync(tmp, { force: true });
      } catch {
        // nothing was written
      }
      return null;
    }
  }
  try {
    return await import(pathToFileURL(out).href);
  } catch {
    return null; // e.g. removed meanwhile: the tsx path still works
  }
}

async function main(argv) {
  const [name, ...rest] = argv;
  if (name && BUNDLED.has(name) && !process.env.KEYWARD_CLI_NO_BUNDLE) {
    const cmd = await loadBundled(name);
    if (cmd) return cmd.run(rest);
  }
  const { register } = await import("tsx/esm/api");
  register();
  const cli = await import(pathToFileURL(path.join(ROOT, "cli", "keyward.ts")).href);
  return cli.main(argv);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`keyward: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
