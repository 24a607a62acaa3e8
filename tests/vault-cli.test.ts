import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "@/lib/domain/vault/testing";
import { systemActor } from "@/lib/authz/authorize";
import { attachPolicy, createPolicy } from "@/lib/domain/vault/access";
import { createWorkloadIdentity } from "@/lib/domain/vault/identities";
import { makeApp } from "@/lib/domain/vault/testing";
import { databaseDump } from "@/lib/testing/db-dump";
import { uid } from "@/lib/testing/fixtures";
import { startVaultHarness } from "./vault-harness";

// The keyward CLI (login, put, get, run) as a real child process against the vault's routes.

let harness: Awaited<ReturnType<typeof startVaultHarness>>;
const dir = mkdtempSync(path.join(tmpdir(), "kw-cli-"));
beforeAll(async () => {
  harness = await startVaultHarness();
});
afterAll(() => harness.close());

function cli(args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ["--import", "tsx", "cli/keyward.ts", ...args],
      { env: { ...process.env, KEYWARD_CONFIG_DIR: dir, KEYWARD_TOKEN: "", KEYWARD_ADDR: "", ...opts.env }, timeout: 30_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(opts.stdin ?? "");
  });
}

describe("keyward CLI", () => {
  it("login, put from stdin and file, get, and run with secrets only in the child's environment", async () => {
    const { team, app } = await makeApp();
    const admin = systemActor("test");
    const id = await createWorkloadIdentity(admin, { applicationId: app.id, environment: "dev" });
    const pol = await createPolicy(admin, { name: `cli-${uid()}`, rules: [{ path: `dev/${team.slug}/*`, capabilities: ["read", "create", "update", "list"] }] });
    await attachPolicy(admin, { policyId: pol.id, identityId: id.id });

    const login = await cli(["login", "--address", harness.url, "--role-id", id.clientId, "--secret-id-stdin"], { stdin: id.clientSecret + "\n" });
    expect(login.stderr).toContain("Logged in");
    expect(login.code).toBe(0);
    expect(statSync(path.join(dir, "credentials.json")).mode & 0o777).toBe(0o600);

    const canary = `CANARY-CLI-${randomUUID()}`;
    const put = await cli(["put", `dev/${team.slug}/svc/db-password`, "--stdin"], { stdin: canary });
    expect(put.code).toBe(0);
    const file = path.join(dir, "user.txt");
    writeFileSync(file, "svc-user\n");
    expect((await cli(["put", `dev/${team.slug}/svc/api`, "user=@" + file, "key=-"], { stdin: "k-123" })).code).toBe(0);
    expect((await cli(["put", `dev/${team.slug}/svc/api`, "user=inline"])).code).toBe(2);

    const get = await cli(["get", `dev/${team.slug}/svc/db-password`]);
    expect(get.stdout.trim()).toBe(canary);
    expect((await cli(["get", `dev/${team.slug}/svc/api`, "--field", "user"])).stdout.trim()).toBe("svc-user");
    const denied = await cli(["get", `prod/${team.slug}/svc/db-password`]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/denied/i);

    const run = await cli([
      "run",
      "--path",
      `dev/${team.slug}/svc`,
      "--",
      process.execPath,
      "-e",
      "process.stdout.write(JSON.stringify({db: process.env.DB_PASSWORD, user: process.env.API_USER, key: process.env.API_KEY}))",
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ db: canary, user: "svc-user", key: "k-123" });
    expect(process.env.DB_PASSWORD).toBeUndefined();

    // The CLI's canary is not at rest in plaintext either.
    const { text: dump } = await databaseDump(process.env.DATABASE_URL!, { dataOnly: true });
    expect(dump.includes(canary)).toBe(false);
    expect(dump.includes(Buffer.from(canary).toString("hex"))).toBe(false);
    expect(login.stderr + put.stderr + run.stderr).not.toContain(canary);
  });
});
