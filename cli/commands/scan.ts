// keyward scan: hardcoded-secret scanning for a tree, a file, stdin, staged changes or git history.
// Exit codes: 0 no new findings, 1 new findings, 2 usage or runtime error.

import { statSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Scanner } from "@/lib/scanner/engine";
import { loadFingerprintKey } from "@/lib/scanner/fingerprint";
import { filterBaseline, FORMATS, formatFindings, readBaseline, writeBaseline, type TFormat } from "@/lib/scanner/report";
import { scanFile, scanGitHistory, scanStaged, scanStdin, scanTree, type TScanResult } from "@/lib/scanner/targets";
import { detectContext, fetchFingerprintKey, uploadFindings, uploadToken, UploadError } from "./_upload";

export const summary = "Find hardcoded secrets in files, stdin, staged changes or git history";

const USAGE = `Usage: keyward scan [path] [options]

  path                    file or folder to scan (default: .)
  --git-history           scan every commit on every branch of the repository at path
  --staged                scan the staged changes (use as a pre-commit hook)
  --stdin                 scan standard input
  --format <f>            table (default), json, sarif or csv
  --output <file>         write the report to a file instead of stdout
  --baseline <file>       ignore findings whose fingerprint is in this baseline
  --write-baseline <file> write all current findings to a baseline file
  --max-file-size <bytes> skip larger files (default 5 MiB)
  --no-allowlist-paths    also scan lock files, minified files and test fixtures
  --upload <console-url>  send the findings to the Keyward console (token: KEYWARD_TOKEN, a
                          personal API token, or the one \`keyward login\` saved)
  --repository <name|url> with --upload: the repository (default: CI variables, git remote origin)
  --owner-team <team id>  with --upload: owner team when the console cannot tell

The fingerprint key comes from KEYWARD_FINGERPRINT_KEY (set it in CI so baselines match),
else ~/.config/keyward/fingerprint.key; with --upload it is the console's (fetched, never saved),
so baselines used with --upload must be written with --upload too.
Exit code: 0 no new findings, 1 new findings, 2 error (a failed upload included).
`;

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        "git-history": { type: "boolean" },
        staged: { type: "boolean" },
        stdin: { type: "boolean" },
        format: { type: "string", default: "table" },
        output: { type: "string" },
        baseline: { type: "string" },
        "write-baseline": { type: "string" },
        "max-file-size": { type: "string" },
        "no-allowlist-paths": { type: "boolean" },
        upload: { type: "string" },
        repository: { type: "string" },
        "owner-team": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const format = values.format as TFormat;
  if (!FORMATS.includes(format)) {
    process.stderr.write(`--format must be one of ${FORMATS.join(", ")}\n`);
    return 2;
  }
  const modes = [values["git-history"], values.staged, values.stdin].filter(Boolean).length;
  if (modes > 1 || positionals.length > 1) {
    process.stderr.write(`choose one of a path, --git-history, --staged or --stdin\n\n${USAGE}`);
    return 2;
  }
  const target = positionals[0] ?? ".";
  const maxFileSize = values["max-file-size"] ? Number(values["max-file-size"]) : undefined;
  if (maxFileSize !== undefined && !(maxFileSize > 0)) {
    process.stderr.write("--max-file-size must be a positive number of bytes\n");
    return 2;
  }
  const allowlistPaths = !values["no-allowlist-paths"];

  // With --upload, fingerprints use the console's key so they match its findings and stored secrets.
  let upload: { base: string; token: string; key: Buffer } | null = null;
  if (values.upload) {
    try {
      const token = uploadToken();
      upload = { base: values.upload, token, key: await fetchFingerprintKey(values.upload, token) };
    } catch (err) {
      if (!(err instanceof UploadError)) throw err;
      process.stderr.write(`keyward scan: ${err.message}\n`);
      return 2;
    }
  } else if (values.repository || values["owner-team"]) {
    process.stderr.write("--repository and --owner-team go with --upload\n");
    return 2;
  }
  const scanner = new Scanner({ fingerprintKey: upload?.key ?? loadFingerprintKey() });
  let result: TScanResult;
  if (values.stdin) result = await scanStdin(scanner);
  else if (values["git-history"]) result = await scanGitHistory(scanner, target, { allowlistPaths, maxFileSize });
  else if (values.staged) result = await scanStaged(scanner, target, { allowlistPaths });
  else {
    let isDir: boolean;
    try {
      isDir = statSync(target).isDirectory();
    } catch {
      process.stderr.write(`keyward scan: ${target}: no such file or folder\n`);
      return 2;
    }
    result = isDir ? scanTree(scanner, target, { maxFileSize, allowlistPaths }) : scanFile(scanner, target, target, maxFileSize);
  }

  let findings = result.findings;
  if (values["write-baseline"]) writeBaseline(values["write-baseline"], findings);
  if (values.baseline) findings = filterBaseline(findings, readBaseline(values.baseline));

  const report = formatFindings(findings, format);
  if (values.output) writeFileSync(values.output, report);
  else process.stdout.write(report);
  if (format === "table") {
    const s = result.stats;
    const what = s.commits ? `${s.commits} commits, ` : "";
    process.stderr.write(`scanned ${what}${s.files} files (${(s.bytes / 1048576).toFixed(1)} MiB), skipped ${s.skipped}\n`);
  }
  if (upload) {
    try {
      const ctx = detectContext(target, { repository: values.repository, ownerTeamId: values["owner-team"] });
      const r = await uploadFindings(upload.base, upload.token, findings, ctx);
      process.stderr.write(`uploaded ${r.findings} finding(s) to ${r.repository}: ${r.created} new, ${r.seen} known; ${r.findingsUrl}\n`);
      if (r.compromised) process.stderr.write(`WARNING: ${r.compromised} stored secret(s) had their current value in this report: marked compromised, emergency rotation queued\n`);
    } catch (err) {
      if (!(err instanceof UploadError)) throw err;
      process.stderr.write(`keyward scan: upload failed: ${err.message}\n`);
      return 2;
    }
  }
  return findings.length > 0 ? 1 : 0;
}
