// The file-system connector on real folders: .env files, config folders, CI variable exports
// (JSON {key, value} arrays), CODEOWNERS owners, missing paths reported as warnings.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import "@/lib/domain/vault/testing";
import { db } from "@/lib/db";
import { makeTeam } from "@/lib/testing/fixtures";
import { makeConnector, runConnector } from "../testing";
import { ciVariablesAsEnv } from ".";

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
