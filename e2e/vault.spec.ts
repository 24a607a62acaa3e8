// The vault console as people use it: values go in through the versions panel of a secret's
// page and never come back out without a grant, a developer writes prod values blind, and a
// random canary value is then searched for in every console page, the app and worker logs and
// the audit API (SECURITY.md invariant 1): zero hits. Also the policy simulator and the keys page.
//
// One prod secret of the payments team (Dev Dana's team), created through the API with a unique
// name, so the spec runs again against the same server. Tests run in order (they share it).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { demo } from "./data.ts";
import { authFile, shoot } from "./helpers.ts";

test.describe.configure({ mode: "serial" });

const run = crypto.randomBytes(4).toString("hex");
/** Random values nobody else writes: any hit anywhere is a leak. */
const canary = { admin: `kw-canary-${crypto.randomBytes(12).toString("hex")}`, dev: `kw-canary-${crypto.randomBytes(12).toString("hex")}` };
const canaries = Object.values(canary);
const secretName = `e2e-vault-${run}`;
let secretId = "";

/** Where scripts/test.ts writes the app's and worker's output (override: E2E_LOG_DIR). */
const logDir = process.env.E2E_LOG_DIR ?? path.join(import.meta.dirname, "..", "test-results", "run");

function expectNoCanary(text: string, where: string) {
  for (const c of canaries) expect(text.includes(c), `canary found in ${where}`).toBe(false);
}

/** The put form of the versions panel: fill, store, and wait for the confirmation. */
async function putValue(page: Page, value: string, expectedVersion: number) {
  const form = page.getByTestId("put-value-form");
  await form.getByTestId("new-value").fill(value);
  // The canary really was typed (so the searches below look for something that exists).
  await expect(form.getByTestId("new-value")).toHaveValue(value);
  await expect(form.getByTestId("new-value")).toHaveAttribute("type", "password");
  await form.getByTestId("put-value").click();
  await expect(form.getByRole("status")).toHaveText(`Stored as version ${expectedVersion}.`);
  // The field is cleared after the write: the value is not kept in the form.
  await expect(page.getByTestId("new-value")).toHaveValue("");
}

test.beforeAll(async ({ playwright, baseURL }) => {
  const admin = await playwright.request.newContext({ baseURL, storageState: authFile("admin") });
  const teams = (await (await admin.get("/api/v1/teams?q=payments")).json()).items as Array<{ id: string; slug: string }>;
  const payments = teams.find((t) => t.slug === "payments");
  expect(payments, "the demo payments team").toBeTruthy();
  const backends = (await (await admin.get("/api/v1/backends?kind=keyward")).json()).items as Array<{ id: string; kind: string }>;
  expect(backends.length, "a Keyward backend").toBeGreaterThan(0);
  const res = await admin.post("/api/v1/secrets", {
    data: {
      name: secretName,
      type: "password",
      environment: "prod",
      classification: "highly_sensitive",
      ownerTeamId: payments!.id,
      backendId: backends[0].id,
      description: "Created by the vault browser tests.",
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  secretId = (await res.json()).id;
  await admin.dispose();
});

test.describe("vault as Admin", () => {
  test.use({ storageState: authFile("admin") });

  test("puts a value through the versions panel; it is stored hidden and Reveal without a grant is refused", async ({ page }) => {
    await page.goto(`/inventory/${secretId}`);
    await expect(page.getByRole("heading", { name: secretName, level: 1 })).toBeVisible();
    const panel = page.getByTestId("secret-versions");
    await expect(panel).toContainText("No value is stored in Keyward for this secret yet.");

    await putValue(page, canary.admin, 1);
    const row = panel.getByTestId("version-1");
    await expect(row).toBeVisible();
    await expect(row).toContainText("current");
    await expect(row).toContainText(demo.admin.email);
    await expect(panel).not.toContainText(canary.admin);

    // Admin may read prod values by role, but a read also needs an explicit grant.
    await row.getByTestId("reveal-1").click();
    await row.getByTestId("reveal-reason").fill("Checking the refusal without a grant");
    await row.getByTestId("reveal-submit").click();
    await expect(row.getByTestId("reveal-error")).toHaveText("Reading this value needs an explicit grant.");
    await expect(page.getByTestId("revealed-value")).toHaveCount(0);

    expectNoCanary(await page.content(), "the secret page after the put and the refused reveal");
    await row.getByRole("button", { name: "Cancel" }).click();
    await shoot(page, "vault-versions");
  });

  test("the value API refuses the same read without a grant, and its error body holds no value", async ({ page }) => {
    const res = await page.request.get(`/api/v1/secrets/value?id=${secretId}`, { headers: { "x-keyward-reason": "Checking the API refusal" } });
    expect(res.status()).toBe(403);
    const body = await res.text();
    expect(body).toContain("Reading this value needs an explicit grant.");
    expectNoCanary(body, "the value API's error body");
  });
});

test.describe("vault as Developer", () => {
  test.use({ storageState: authFile("dev") });

  test("writes a prod value of their own team but cannot read any back", async ({ page }) => {
    await page.goto(`/inventory/${secretId}`);
    await expect(page.getByRole("heading", { name: secretName, level: 1 })).toBeVisible();
    const panel = page.getByTestId("secret-versions");
    await expect(panel.getByTestId("version-1")).toBeVisible();
    await expect(panel).toContainText("Your role may write this prod value but never read it back.");

    await putValue(page, canary.dev, 2);
    await expect(panel.getByTestId("version-2")).toContainText("current");
    await expect(panel.getByTestId("version-2")).toContainText(demo.dev.email);
    await expect(panel.getByTestId("version-1")).toContainText("previous");
    // No reveal at all: both versions show a mask.
    await expect(panel.getByRole("button", { name: "Reveal" })).toHaveCount(0);
    await expect(panel.getByLabel("hidden value")).toHaveCount(2);
    // No version management for a developer either.
    await expect(panel.getByRole("button", { name: "Destroy" })).toHaveCount(0);
    expectNoCanary(await page.content(), "the developer's secret page");

    // The API door is closed too, with the write-only message.
    const res = await page.request.get(`/api/v1/secrets/value?id=${secretId}`, { headers: { "x-keyward-reason": "Trying to read it back" } });
    expect(res.status()).toBe(403);
    const body = await res.text();
    expect(body).toContain("Your role may write prod values but never read them back.");
    expectNoCanary(body, "the value API's error body for the developer");
  });
});

test.describe("canary sweep as Admin", () => {
  test.use({ storageState: authFile("admin") });

  test("no console page, log file or audit event holds a stored value", async ({ page, baseURL }) => {
    test.setTimeout(180_000);
    const pages = [
      "/",
      "/inventory",
      `/inventory?q=${secretName}`,
      `/inventory/${secretId}`,
      `/inventory/${secretId}/edit`,
      "/teams",
      "/applications",
      "/backends",
      "/findings",
      "/discovery",
      "/audit",
      `/audit?targetId=${secretId}`,
      "/jobs",
      "/vault/identities",
      "/vault/policies",
      "/vault/grants",
      "/vault/keys",
      "/settings",
      "/settings/users",
      "/settings/tokens",
    ];
    for (const url of pages) {
      // The server's HTML (with the inline React payload), then the page as the browser built it.
      const raw = await page.request.get(url);
      expect(raw.status(), `${url} answers`).toBeLessThan(400);
      expectNoCanary(await raw.text(), `the HTML of ${url}`);
      await page.goto(url);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByText("This page could not be shown")).toHaveCount(0);
      expectNoCanary(await page.content(), `the rendered page ${url}`);
    }

    // The audit trail of this secret shows both writes, by whom, and never the value.
    await page.goto(`/audit?targetId=${secretId}`);
    await expect(page.getByText("secret.value_write").first()).toBeVisible();

    // The logs of this run (the app log names this run's port, so they are not left over).
    const appLog = fs.readFileSync(path.join(logDir, "app.log"), "utf8");
    expect(appLog, "app.log belongs to the server under test").toContain(new URL(baseURL!).port);
    const workerLog = fs.readFileSync(path.join(logDir, "worker.log"), "utf8");
    expect(workerLog).toContain("[worker] started");
    expectNoCanary(appLog, "app.log");
    expectNoCanary(workerLog, "worker.log");

    // The audit API: both puts are there with who, version and stage; no value in any event.
    const res = await page.request.get(`/api/v1/audit?targetId=${secretId}&pageSize=100`);
    expect(res.status()).toBe(200);
    const text = await res.text();
    expectNoCanary(text, "the audit API");
    const events = (JSON.parse(text).items as Array<{ action: string; actorLabel: string; after: { version?: number; stage?: string; path?: string } }>);
    const writes = events.filter((e) => e.action === "secret.value_write").sort((a, b) => (a.after.version ?? 0) - (b.after.version ?? 0));
    expect(writes.map((w) => [w.actorLabel, w.after.version, w.after.stage])).toEqual([
      [demo.admin.email, 1, "current"],
      [demo.dev.email, 2, "current"],
    ]);
    expect(writes[0].after.path).toBe(`prod/payments/shared/${secretName}`);
    // The refused reads are audited too.
    expect(events.filter((e) => e.action === "secret.access_denied").length).toBeGreaterThanOrEqual(3);
  });
});

test.describe("vault policies and keys as Admin", () => {
  test.use({ storageState: authFile("admin") });

  test("the simulator names the rule that decides whether an identity may read a path", async ({ page }) => {
    const identity = `e2e-vault-id-${run}`;
    const policy = `e2e-vault-pol-${run}`;
    const secretPath = `prod/payments/shared/${secretName}`;
    const rootPath = `prod/payments/shared/e2e-vault-root-${run}`;

    // A workload identity; its client secret is shown once.
    await page.goto("/vault/identities");
    const idForm = page.getByTestId("identity-form");
    await idForm.getByLabel("Environment").selectOption("prod");
    await idForm.getByLabel("Name (optional)").fill(identity);
    await page.getByTestId("create-identity").click();
    await expect(page.getByTestId("client-secret")).not.toBeEmpty();
    await expect(page.getByTestId("identities")).toContainText(identity);

    // A policy with an allow and a more specific deny, attached to the identity.
    await page.goto("/vault/policies");
    const polForm = page.getByTestId("policy-form");
    await polForm.getByLabel("Name").fill(policy);
    await polForm.getByLabel("Rules, one a line").fill(`allow read,list prod/payments/*\ndeny read +/payments/+/e2e-vault-root-${run}`);
    await page.getByTestId("create-policy").click();
    await expect(polForm.getByRole("status")).toHaveText("Policy created.");
    await expect(page.getByTestId("policies")).toContainText(policy);
    const attach = page.getByTestId("attach-form");
    await attach.getByLabel("Policy").selectOption({ label: policy });
    await attach.getByLabel("Attach to").selectOption({ label: `identity ${identity}` });
    await page.getByTestId("attach-policy").click();
    await expect(attach.getByRole("status")).toHaveText("Attached.");
    await expect(page.getByTestId("policies").getByRole("row", { name: new RegExp(policy) })).toContainText(`identity ${identity}`);

    const sim = page.getByTestId("simulator");
    /** Asks the simulator; waits for this question's answer (the path is in every reason). */
    async function simulate(p: string, capability: string, outcome: "allowed" | "denied") {
      await sim.getByLabel("Identity or person").selectOption({ label: `identity ${identity}` });
      await sim.getByLabel("Path").fill(p);
      await sim.getByLabel("Capability").selectOption(capability);
      await page.getByTestId("simulate").click();
      const reason = sim.getByTestId("simulation-reason");
      await expect(reason).toContainText(capability === "update" ? `"update"` : p.includes("root") ? "rule 2" : "rule 1");
      await expect(sim.getByTestId("simulation").getByText(outcome, { exact: true })).toBeVisible();
      return reason;
    }

    await expect(await simulate(secretPath, "read", "allowed")).toHaveText(`allowed by policy "${policy}" rule 1 (attached to identity) (prod/payments/*)`);
    await expect(sim.getByTestId("simulation")).toContainText(`workload:${identity}`);
    await expect(await simulate(rootPath, "read", "denied")).toHaveText(`denied by policy "${policy}" rule 2 (attached to identity) (+/payments/+/e2e-vault-root-${run})`);
    // Both rules matched; the deny decides.
    await expect(sim.getByTestId("simulation").locator("li")).toHaveCount(2);
    await shoot(page, "vault-policies");
    await expect(await simulate(secretPath, "update", "denied")).toHaveText(`no rule allows "update" on ${secretPath} (deny by default)`);
    await expect(sim.getByTestId("simulation")).toContainText("No rule matches: denied by default.");
  });

  test("the keys page shows the key versions that wrap the stored values", async ({ page }) => {
    await page.goto("/vault/keys");
    await expect(page.getByRole("heading", { name: "Vault keys", level: 1 })).toBeVisible();
    await expect(page.getByTestId("seal-badge")).toHaveText("unsealed");
    const versions = page.getByTestId("key-versions");
    const rows = versions.getByRole("row");
    // Header plus at least one version; exactly one active.
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    await expect(versions.getByText("active", { exact: true })).toHaveCount(1);
    const active = versions.getByRole("row").filter({ hasText: "active" });
    const wrapped = Number((await active.locator("td").nth(4).innerText()).replace(/,/g, ""));
    expect(wrapped, "data keys wrapped by the active key (this spec stored two)").toBeGreaterThanOrEqual(2);
    await shoot(page, "vault-keys");
  });
});
