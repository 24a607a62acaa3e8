// The git connector against real repositories the test creates: full history on the first run
// (a secret added then deleted is still found, with commit, author and date), only new commits
// afterwards, CODEOWNERS owners, and a clone URL (file://) mirrored under the data folder.
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import "@/lib/domain/vault/testing";
import { db } from "@/lib/db";
import { makeTeam } from "@/lib/testing/fixtures";
import { makeConnector, runConnector } from "../testing";

const dirs: string[] = [];
const dataDir = mkdtempSync(path.join(os.tmpdir(), "kw-git-data-"));
process.env.KEYWARD_DATA_DIR = dataDir;
dirs.push(dataDir);

function repo() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kw-git-"));
  dirs.push(dir);
  const g = (...args: string[]) => execFileSync("git", args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_DATE: "2026-03-04T05:06:07Z", GIT_COMMITTER_DATE: "2026-03-04T05:06:07Z" } }).toString();
  g("init", "-q", "-b", "main");
  g("config", "user.email", "dev@example.test");
  g("config", "user.name", "Dana Dev");
  g("config", "commit.gpgsign", "false");
  const commit = (file: string, text: string, msg: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
    g("add", "-A");
    g("commit", "-q", "-m", msg);
    return g("rev-parse", "HEAD").trim();
  };
  return { dir, g, commit };
}

afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await db.$disconnect();
});

const token = (c: string) => "ghp_" + c.repeat(6) + "8kZt2QwL9xVb7NmR4sYd1cFe3gHj5k";

describe("git connector", () => {
  it("first run: every commit (deleted secrets too); next run: only new commits; owners from CODEOWNERS", async () => {
    const team = await makeTeam();
    const fallback = await makeTeam();
    const r = repo();
    r.commit("CODEOWNERS", `* @acme/${fallback.slug}\n/services/pay/ @acme/${team.slug}\n`, "owners");
    const added = r.commit("services/pay/.env", `GITHUB_TOKEN=${token("a")}\n`, "add token");
    r.commit("services/pay/.env", "GITHUB_TOKEN=\n", "remove token");
    r.g("checkout", "-q", "-b", "feature");
    const onBranch = r.commit("tools/deploy.sh", `export GH=${token("b")}\n`, "branch secret");
    r.g("checkout", "-q", "main");

    const c = await makeConnector({ kind: "git", config: { url: r.dir, displayName: "acme/pay" } });
    const first = await runConnector(c.id);
    expect(first.jobRun.status).toBe("succeeded");
    expect(first.run.status).toBe("succeeded");
    expect(first.run.stats).toMatchObject({ findings: 2, newFindings: 2, commits: 4 });
    const findings = await db.finding.findMany({ where: { locations: { some: { repository: "acme/pay" } } }, include: { locations: true } });
    const paid = findings.find((f) => f.locations[0]!.file === "services/pay/.env")!;
    expect(paid.locations[0]).toMatchObject({ commit: added, line: 1, author: "Dana Dev", source: "git", connectorId: c.id });
    expect(paid.locations[0]!.committedAt?.toISOString()).toBe("2026-03-04T05:06:07.000Z");
    expect(paid.ownerTeamId).toBe(team.id);
    const branch = findings.find((f) => f.locations[0]!.file === "tools/deploy.sh")!;
    expect(branch.locations[0]!.commit).toBe(onBranch);
    expect(branch.ownerTeamId).toBe(fallback.id);
    // The cursor: last scanned commit per ref.
    const refs = (first.connector.state as { refs: Record<string, string> }).refs;
    expect(refs["refs/heads/feature"]).toBe(onBranch);

    // Nothing new: nothing scanned.
    const idle = await runConnector(c.id);
    expect(idle.run.stats).toMatchObject({ commits: 0, findings: 0 });
    // One new commit on main: only it is scanned; the same token again is the same finding.
    const third = r.commit("ci/release.yml", `env:\n  GH: ${token("a")}\n`, "reuse token");
    const next = await runConnector(c.id);
    expect(next.run.stats).toMatchObject({ commits: 1, findings: 1, newFindings: 0 });
    const again = await db.finding.findUniqueOrThrow({ where: { id: paid.id }, include: { locations: true } });
    expect(again.locations.map((l) => l.commit).sort()).toEqual([added, third].sort());
    expect(next.jobRun.message).toContain("1 findings");
  });

  it("clones a remote URL into a mirror, then fetches; a bad URL fails the run with a message", async () => {
    const r = repo();
    r.commit("app/settings.py", `GITHUB_TOKEN = "${token("c")}"\n`, "settings");
    const c = await makeConnector({ kind: "git", config: { url: `file://${r.dir}` } });
    const first = await runConnector(c.id);
    expect(first.run.stats).toMatchObject({ commits: 1, findings: 1 });
    r.commit("app/other.py", `GITHUB_TOKEN = "${token("d")}"\n`, "more");
    const second = await runConnector(c.id);
    expect(second.run.stats).toMatchObject({ commits: 1, findings: 1, newFindings: 1 });

    const bad = await makeConnector({ kind: "git", config: { url: "file:///nonexistent/repo.git" } });
    const failed = await runConnector(bad.id, { expectFailure: true });
    expect(failed.jobRun.status).toBe("failed");
    expect(failed.connector.lastStatus).toBe("failed");
    expect(failed.connector.lastError).toMatch(/git clone failed/);
  });

  it("credentials go to the vault, never into the connector's config", async () => {
    const c = await makeConnector({ kind: "git", config: { url: "https://git.example.test/acme/x.git" }, credentials: { token: "glpat-test-token-value-123456" } });
    const row = await db.connector.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.credentialsPath).toBe(`prod/connectors/${c.id}/credentials`);
    expect(JSON.stringify(row)).not.toContain("glpat-test-token-value");
    const secret = await db.secret.findUniqueOrThrow({ where: { path: row.credentialsPath! }, include: { versions: true } });
    expect(secret.classification).toBe("highly_sensitive");
    expect(secret.versions).toHaveLength(1);
    const audit = await db.auditEvent.findMany({ where: { targetId: c.id } });
    expect(JSON.stringify(audit, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain("glpat-test-token-value");
    await expect(makeConnector({ kind: "git", config: { url: "" } })).rejects.toMatchObject({ code: "validation_failed", fields: { "config.url": expect.any(Array) } });
    await expect(makeConnector({ kind: "git", config: { url: "/x", password: "nope" } })).rejects.toMatchObject({ code: "validation_failed" });
  });
});
