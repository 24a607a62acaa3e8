// The file-system connector on real folders: .env files, config folders, CI variable exports
// (JSON {key, value} arrays), CODEOWNERS owners, missing paths reported as warnings; and the
// allowed roots (KEYWARD_SCAN_ROOTS): paths outside, "..", symlink escapes and Keyward's own
// data refused when saved and again when run.
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import "@/lib/domain/vault/testing";
import { db } from "@/lib/db";
import { makeTeam } from "@/lib/testing/fixtures";
import { dataDir, rootKeyFile } from "@/lib/crypto/root-key";
import { makeConnector, runConnector } from "../testing";
import { ciVariablesAsEnv } from ".";
import { scanPathRefusal, SCAN_ROOTS_ENV } from "./roots";

const root = mkdtempSync(path.join(os.tmpdir(), "kw-fs-"));
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await db.$disconnect();
});

describe("filesystem connector", () => {
  it("finds secrets in .env, YAML config and CI variable exports; owners from CODEOWNERS; warns on missing paths", async () => {
    const team = await makeTeam();
    const owner = await makeTeam();
    const put = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    };
    put("CODEOWNERS", `/config/ @acme/${owner.slug}\n`);
    put(".env", "STRIPE_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dcXq\nDEBUG=true\n");
    put("config/app.yaml", "database:\n  host: db.internal\n  password: \"Zq8#vR2!mK5pL9xT\"\n");
    put("ci/gitlab-variables.json", JSON.stringify([{ key: "DEPLOY_ENV", value: "prod" }, { key: "SLACK_BOT_TOKEN", value: "xoxb-2048163522-1125893244-Fh3kQ9zR1mP8tL2w" }]));
    put("README.md", "Set STRIPE_KEY=sk_live_<your-key> in .env\n");

    const c = await makeConnector({ kind: "filesystem", config: { paths: [root, path.join(root, "missing")] }, ownerTeamId: team.id });
    const { run, connector } = await runConnector(c.id);
    expect(run.status).toBe("succeeded");
    expect(run.errors.join()).toMatch(/missing: not found/);
    expect(connector.lastError).toMatch(/not found/);
    const rows = await db.finding.findMany({ where: { locations: { some: { connectorId: c.id } } }, include: { locations: true } });
    const byFile = Object.fromEntries(rows.map((f) => [f.locations[0]!.file, f]));
    expect(Object.keys(byFile).sort()).toEqual([".env", "ci/gitlab-variables.json", "config/app.yaml"]);
    expect(byFile[".env"]!.ruleId).toMatch(/stripe/);
    expect(byFile[".env"]!.ownerTeamId).toBe(team.id);
    expect(byFile["config/app.yaml"]!.ownerTeamId).toBe(owner.id);
    expect(byFile["config/app.yaml"]!.locations[0]!.line).toBe(3);
    expect(byFile["ci/gitlab-variables.json"]!.ruleId).toMatch(/slack/);
    expect(byFile["ci/gitlab-variables.json"]!.locations[0]!.repository).toBe(root);
  });

  it("reads CI variable exports only when they have the export's shape", () => {
    expect(ciVariablesAsEnv('[{"key":"A","value":"1"},{"name":"B","value":"2"}]')).toBe('A="1"\nB="2"');
    expect(ciVariablesAsEnv('{"variables":[{"key":"A","value":"x"}]}')).toBe('A="x"');
    expect(ciVariablesAsEnv('[{"id":1}]')).toBeNull();
    expect(ciVariablesAsEnv("not json")).toBeNull();
  });
});

describe("filesystem connector: allowed roots", () => {
  const allowed = mkdtempSync(path.join(os.tmpdir(), "kw-fs-allowed-"));
  const outside = mkdtempSync(path.join(os.tmpdir(), "kw-fs-outside-"));
  const saved = process.env[SCAN_ROOTS_ENV];
  const withRoots = async <T>(roots: string | undefined, fn: () => Promise<T> | T): Promise<T> => {
    if (roots === undefined) delete process.env[SCAN_ROOTS_ENV];
    else process.env[SCAN_ROOTS_ENV] = roots;
    try {
      return await fn();
    } finally {
      process.env[SCAN_ROOTS_ENV] = saved;
    }
  };
  afterAll(() => {
    rmSync(allowed, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
  const refusedField = async (paths: string[]) => {
    const e = await makeConnector({ kind: "filesystem", config: { paths } }).then(() => null, (err: unknown) => err as { code: string; fields: Record<string, string[]> });
    expect(e, `saving ${paths.join(", ")}`).not.toBeNull();
    expect(e!.code).toBe("validation_failed");
    return e!.fields;
  };

  it("refuses, when saved, paths outside the roots, relative or with .., symlinks leading out, and Keyward's own data", async () => {
    symlinkSync(outside, path.join(allowed, "escape"));
    symlinkSync("/etc", path.join(allowed, "etc-link"));
    await withRoots(allowed, async () => {
      expect((await refusedField(["/etc"]))["config.paths.0"]![0]).toMatch(/Outside the folders this server may scan/);
      expect(Object.keys(await refusedField([allowed, outside]))).toEqual(["config.paths.1"]);
      expect((await refusedField([path.join(allowed, "escape")]))["config.paths.0"]![0]).toMatch(/Outside/);
      expect((await refusedField([path.join(allowed, "etc-link", "passwd")]))["config.paths.0"]![0]).toMatch(/Outside/);
      expect((await refusedField([`${allowed}/sub/../../${path.basename(outside)}`]))["config.paths.0"]![0]).toMatch(/"\.\."/);
      expect((await refusedField(["relative/folder"]))["config.paths.0"]![0]).toMatch(/absolute/);
      // Inside the roots and not there yet (reported as "not found" when run): allowed.
      const ok = await makeConnector({ kind: "filesystem", config: { paths: [allowed, path.join(allowed, "later")] } });
      expect(ok.id).toBeTruthy();
    });
    // Keyward's data folder and key files, even when a root contains them.
    await withRoots(path.dirname(dataDir()), async () => {
      expect(scanPathRefusal(dataDir())).toMatch(/own data folder/);
      expect(scanPathRefusal(path.join(dataDir(), "keys"))).toMatch(/own data folder/);
      expect(scanPathRefusal(rootKeyFile())).toMatch(/own data folder/);
      expect(scanPathRefusal(path.dirname(dataDir()))).toBeNull();
    });
    // No roots configured: file-system scanning is off, and the message says how to turn it on.
    await withRoots(undefined, async () => {
      expect((await refusedField([allowed]))["config.paths.0"]![0]).toMatch(/set KEYWARD_SCAN_ROOTS/);
    });
  });

  it("at run time: skips files whose real path leaves the roots or enters Keyward's data, and stops when the roots no longer allow a path", async () => {
    const repo = path.join(allowed, "repo");
    mkdirSync(repo);
    const inside = "ghp_" + "Zq8vR2mK5pL9xT3wQ7nB4cF6hJ1dS0aYeUiO".slice(0, 36);
    const secretOutside = "ghp_" + "Ab3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1eF3hJ5".slice(0, 36);
    writeFileSync(path.join(repo, "app.env"), `GITHUB_TOKEN=${inside}\n`);
    writeFileSync(path.join(outside, "stolen.env"), `GITHUB_TOKEN=${secretOutside}\n`);
    // A git-tracked symlink is listed by git ls-files: its target is outside the roots.
    symlinkSync(path.join(outside, "stolen.env"), path.join(repo, "leak.env"));
    symlinkSync(dataDir(), path.join(repo, "keyward-data"));
    const git = (...args: string[]) => execFileSync("git", ["-C", repo, "-c", "user.email=t@example.test", "-c", "user.name=t", ...args], { stdio: "ignore" });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "links");

    const c = await withRoots(allowed, () => makeConnector({ kind: "filesystem", config: { paths: [repo] } }));
    const { run } = await withRoots(allowed, () => runConnector(c.id));
    expect(run.status).toBe("succeeded");
    expect(run.errors.join()).toMatch(/2 file\(s\) skipped/);
    const rows = await db.finding.findMany({ where: { locations: { some: { connectorId: c.id } } }, include: { locations: true } });
    expect(rows.map((r) => r.locations[0]!.file)).toEqual(["app.env"]);
    expect(await db.finding.count({ where: { preview: "ghp_…", locations: { some: { connectorId: c.id, file: "leak.env" } } } })).toBe(0);

    // The roots narrowed after the connector was saved: the run refuses, naming the setting.
    const narrowed = await withRoots(path.join(allowed, "elsewhere"), () => runConnector(c.id, { expectFailure: true }));
    expect(narrowed.run.status).toBe("failed");
    expect(narrowed.connector.lastError).toMatch(/invalid settings: config\.paths\.0: Outside the folders this server may scan/);
  });
});
