import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "@/lib/domain/vault/testing";
import * as fingerprintKey from "@/app/api/v1/discovery/fingerprint-key/route";
import * as scans from "@/app/api/v1/discovery/scans/route";
import { systemActor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { createApiToken } from "@/lib/domain/tokens/service";
import { putSecretValue } from "@/lib/domain/vault/service";
import { queue } from "@/lib/jobs/queue";
import { makeActor, makeTeam, uid } from "@/lib/testing/fixtures";
import { startRouteHarness } from "./route-harness";

// `keyward scan --upload` as a real child process against the real upload and fingerprint-key
// routes served over HTTP: what the CLI sends is recorded by the harness and checked for values.

const sent: string[] = [];
const recordingScans = {
  POST: async (req: Request, ctx: { params: Promise<unknown> }) => {
    sent.push(await req.clone().text());
    return scans.POST(req, ctx as never);
  },
};
let harness: Awaited<ReturnType<typeof startRouteHarness>>;
const home = mkdtempSync(path.join(tmpdir(), "kw-upload-home-"));
const work = mkdtempSync(path.join(tmpdir(), "kw-upload-"));
beforeAll(async () => {
  harness = await startRouteHarness([
    [/^\/api\/v1\/discovery\/scans$/, recordingScans, () => ({})],
    [/^\/api\/v1\/discovery\/fingerprint-key$/, fingerprintKey, () => ({})],
  ]);
});
afterAll(async () => {
  for (const d of [home, work]) rmSync(d, { recursive: true, force: true });
  await harness.close();
  await queue().close();
  await db.$disconnect();
});

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  // A home of its own: no saved login, and no local fingerprint key may be created in it.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: home, KEYWARD_CONFIG_DIR: path.join(home, "keyward"), KEYWARD_TOKEN: "", ...env };
  delete childEnv.KEYWARD_FINGERPRINT_KEY;
  delete childEnv.KEYWARD_FINGERPRINT_KEY_FILE;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "cli/keyward.ts", ...args],
      { env: childEnv, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const githubToken = () => "ghp_" + [...randomBytes(36)].map((x) => ALNUM[x % ALNUM.length]).join("");

describe("keyward scan --upload", () => {
  it("scans with the console's key, uploads fingerprints and previews only, and a stored value found in CI is compromised", async () => {
    const team = await makeTeam();
    const { actor } = await makeActor("app_owner", [team.id]);
    const token = (await createApiToken(actor, { name: "ci" })).token;
    const stored = "Pw-" + randomBytes(12).toString("base64url") + "7q";
    const secret = await putSecretValue(systemActor("test"), { path: `prod/${team.slug}/api/db-${uid()}`, value: stored });
    const gh = githubToken();
    const dir = mkdtempSync(path.join(work, "src-"));
    mkdirSync(path.join(dir, "config"));
    writeFileSync(path.join(dir, "config", "prod.yaml"), `database:\n  password: "${stored}"\n`);
    writeFileSync(path.join(dir, ".env"), `GITHUB_TOKEN=${gh}\n`);
    const repo = `acme/cli-${uid()}`;

    const run = await cli(["scan", dir, "--format", "json", "--upload", harness.url, "--repository", repo], { KEYWARD_TOKEN: token });
    expect(run.stderr).toContain(`uploaded 2 finding(s) to ${repo}: 2 new`);
    expect(run.stderr).toMatch(/WARNING: 1 stored secret/);
    expect(run.code).toBe(1); // new findings: CI blocks, upload or not
    const printed = JSON.parse(run.stdout) as { findings: { fingerprint: string }[] };
    expect(printed.findings).toHaveLength(2);

    expect(sent).toHaveLength(1);
    for (const text of [sent.join("\n"), run.stdout, run.stderr]) {
      expect(text).not.toContain(stored.slice(4));
      expect(text).not.toContain(gh.slice(4));
    }
    const body = JSON.parse(sent[0]!) as { repository: { name: string }; findings: Record<string, unknown>[] };
    expect(body.repository.name).toBe(repo);
    expect(Object.keys(body.findings[0]!).sort()).toEqual(["column", "description", "file", "fingerprint", "line", "preview", "ruleId", "secretType", "severity"]);

    const rows = await db.finding.findMany({ where: { repository: repo }, include: { locations: true } });
    expect(rows.map((r) => r.fingerprint).sort()).toEqual(printed.findings.map((f) => f.fingerprint).sort());
    const leaked = rows.find((r) => r.secretId === secret.secretId);
    expect(leaked).toMatchObject({ severity: "critical", matchesStored: true, ownerTeamId: team.id });
    expect((await db.secret.findUniqueOrThrow({ where: { id: secret.secretId } })).status).toBe("compromised");
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "secret.compromised", targetId: secret.secretId } });
    await (await queue().getJob(`rotation.emergency.${(event.after as { emergencyRotationJobRunId: string }).emergencyRotationJobRunId}`))?.remove();
    // The key was used from memory: nothing was written to the CLI's config folder.
    expect(existsSync(path.join(home, "keyward", "fingerprint.key"))).toBe(false);

    // A clean tree still reports to the console, and exits 0.
    const clean = mkdtempSync(path.join(work, "clean-"));
    writeFileSync(path.join(clean, "README.md"), "nothing here\n");
    const ok = await cli(["scan", clean, "--upload", harness.url, "--repository", repo], { KEYWARD_TOKEN: token });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain("uploaded 0 finding(s)");
    expect(await db.auditEvent.count({ where: { action: "finding.upload", targetId: repo } })).toBe(2);
  });

  it("an unusable token or console is an error (exit 2), before anything is scanned or sent", async () => {
    const dir = mkdtempSync(path.join(work, "bad-"));
    writeFileSync(path.join(dir, ".env"), `GITHUB_TOKEN=${githubToken()}\n`);
    const before = sent.length;
    const bad = await cli(["scan", dir, "--upload", harness.url, "--repository", "x"], { KEYWARD_TOKEN: "kw_pat_not-a-real-token" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/refused the token/);
    const none = await cli(["scan", dir, "--upload", harness.url], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/personal API token/);
    const { actor } = await makeActor("developer");
    const dev = await cli(["scan", dir, "--upload", harness.url], { KEYWARD_TOKEN: (await createApiToken(actor, { name: "ci" })).token });
    expect(dev.code).toBe(2);
    expect(dev.stderr).toMatch(/403/);
    expect(sent.length).toBe(before);
  });
});
