// Read grants as a security team uses them: Sam Security issues Olivia Owner a 15-minute grant
// on a prod secret of her team from the secret's page; she reveals the value with a reason, it
// hides itself again; once the grant is revoked her reveal is refused with a clear message; the
// audit log shows the grant, the read and the revoke, and never the value.
//
// One prod secret of the payments team with a random value, made through the API with a unique
// name, so the spec runs again against the same server. Tests run in order (they share it).
import crypto from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { demo } from "./data.ts";
import { authFile, shoot } from "./helpers.ts";

test.describe.configure({ mode: "serial" });

const run = crypto.randomBytes(4).toString("hex");
const value = `kw-grant-canary-${crypto.randomBytes(12).toString("hex")}`;
const secretName = `e2e-grant-${run}`;
const reason = `E2E ${run}: verify the deployed key`;
let secretId = "";
let grantId = "";

function expectNoValue(text: string, where: string) {
  expect(text.includes(value), `the value found in ${where}`).toBe(false);
}

test.beforeAll(async ({ playwright, baseURL }) => {
  const admin = await playwright.request.newContext({ baseURL, storageState: authFile("admin") });
  const payments = ((await (await admin.get("/api/v1/teams?q=payments")).json()).items as Array<{ id: string; slug: string }>).find((t) => t.slug === "payments");
  const backend = ((await (await admin.get("/api/v1/backends?kind=keyward")).json()).items as Array<{ id: string }>)[0];
  expect(payments && backend, "the demo payments team and a Keyward backend").toBeTruthy();
  const res = await admin.post("/api/v1/secrets", {
    data: { name: secretName, type: "api_key", environment: "prod", classification: "highly_sensitive", ownerTeamId: payments!.id, backendId: backend.id },
  });
  expect(res.status(), await res.text()).toBe(201);
  secretId = (await res.json()).id;
  const put = await admin.put("/api/v1/secrets/value", { data: { secretId, value } });
  expect(put.status(), await put.text()).toBe(201);
  await admin.dispose();
});

/** Opens the secret's Reveal form for version 1 and submits a reason. */
async function reveal(page: Page, why: string) {
  const row = page.getByTestId("secret-versions").getByTestId("version-1");
  await row.getByTestId("reveal-1").click();
  await row.getByTestId("reveal-reason").fill(why);
  await row.getByTestId("reveal-submit").click();
  return row;
}

test.describe("issuing as Security", () => {
  test.use({ storageState: authFile("security") });

  test("issues Olivia Owner a 15-minute read grant from the secret's page, with field errors first", async ({ page }) => {
    await page.goto(`/inventory/${secretId}`);
    const grants = page.getByTestId("secret-grants");
    await expect(grants.getByTestId("no-grants")).toContainText("No person holds a grant on this secret");
    const form = grants.getByTestId("issue-grant-form");

    // Nothing chosen: each field says what it needs.
    await form.getByTestId("issue-grant").click();
    await expect(form.getByText("Choose a person", { exact: true })).toBeVisible();
    await expect(form.getByText("Say why (at least 5 characters)", { exact: true })).toBeVisible();

    // The picker offers only people whose role may read prod values of this team: no developer.
    const person = form.getByLabel("Person");
    await expect(person.locator("option", { hasText: demo.dev.email })).toHaveCount(0);
    // nor the issuer: a grant needs a second person, and the form says so
    await expect(person.locator("option", { hasText: demo.security.email })).toHaveCount(0);
    await expect(form).toContainText("never you: a grant needs a second person");
    await person.selectOption({ label: `${demo.owner.email} (app_owner)` });
    await form.getByLabel("Expires after").selectOption({ label: "15 minutes" });
    await form.getByLabel("Reason (recorded in the audit trail)").fill(reason);
    await form.getByTestId("issue-grant").click();
    await expect(form.getByRole("status")).toContainText("Granted until");

    const row = grants.getByTestId("grant-row");
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(demo.owner.email);
    await expect(row).toContainText(reason);
    await expect(row).toContainText(demo.security.email);
    await expect(row).toContainText("never"); // not used yet
    grantId = (await row.getAttribute("data-grant-id")) ?? "";
    expect(grantId).toMatch(/^[0-9a-f-]{36}$/);
    expectNoValue(await page.content(), "the secret page of the grant issuer");
    await shoot(page, "vault-grants-issue");
  });
});

test.describe("reading as the App owner", () => {
  test.use({ storageState: authFile("owner") });

  test("sees her grant, reveals the value with a reason, and it hides itself after 30 seconds", async ({ page }) => {
    // A controllable clock: the 30 s hide runs without the test waiting 30 s.
    await page.clock.install();
    await page.goto(`/inventory/${secretId}`);
    const grants = page.getByTestId("secret-grants");
    await expect(grants.getByTestId("grant-row")).toContainText("you");
    // Her own grant only; no form to issue or revoke.
    await expect(grants.getByTestId("issue-grant-form")).toHaveCount(0);
    await expect(grants.getByRole("button", { name: "Revoke" })).toHaveCount(0);

    const row = await reveal(page, "E2E: checking the key after the incident");
    await expect(row.getByTestId("revealed-value")).toHaveText(value);
    await expect(row.getByRole("timer")).toContainText(/Hidden in \d+ s/);
    await page.clock.fastForward(31_000);
    await expect(page.getByTestId("revealed-value")).toHaveCount(0);
    await expect(row.getByTestId("reveal-1")).toBeVisible();
    expectNoValue(await page.content(), "the page after the value hid itself");

    // Shown again, then gone when she leaves the page.
    await reveal(page, "E2E: a second look before leaving");
    await expect(row.getByTestId("revealed-value")).toHaveText(value);
    await page.goto("/inventory");
    await page.goBack();
    await expect(page.getByTestId("secret-versions").getByTestId("version-1")).toBeVisible();
    await expect(page.getByTestId("revealed-value")).toHaveCount(0);
    expectNoValue(await page.content(), "the page after leaving and coming back");
  });
});

test.describe("evidence as the Auditor", () => {
  test.use({ storageState: authFile("auditor") });

  test("sees the active grant on the grants page and the secret's page, read-only", async ({ page }) => {
    await page.goto(`/vault/grants?q=${secretName}`);
    const row = page.getByTestId("grants-table").getByRole("row").filter({ hasText: demo.owner.email });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("active");
    await expect(row).toContainText(reason);
    await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);
    expectNoValue(await page.content(), "the auditor's grants page");

    await page.goto(`/inventory/${secretId}`);
    const grants = page.getByTestId("secret-grants");
    await expect(grants.getByTestId("grant-row")).toContainText(demo.owner.email);
    await expect(grants.getByTestId("issue-grant-form")).toHaveCount(0);
    await expect(grants.getByRole("button", { name: "Revoke" })).toHaveCount(0);
    expectNoValue(await page.content(), "the auditor's view of the secret");
  });
});

test.describe("revoking as Security", () => {
  test.use({ storageState: authFile("security") });

  test("revokes the grant; last use is recorded", async ({ page }) => {
    await page.goto(`/inventory/${secretId}`);
    const row = page.getByTestId("secret-grants").getByTestId("grant-row");
    await expect(row).toHaveCount(1);
    await expect(row).not.toContainText("never"); // last used: the reveals above
    page.once("dialog", (d) => d.accept());
    await row.getByTestId(`revoke-grant-${grantId}`).click();
    await expect(page.getByTestId("secret-grants").getByTestId("no-grants")).toBeVisible();
  });
});

test.describe("refused as the App owner", () => {
  test.use({ storageState: authFile("owner") });

  test("without the grant the reveal is refused with a clear message", async ({ page }) => {
    await page.goto(`/inventory/${secretId}`);
    await expect(page.getByTestId("secret-grants").getByTestId("no-grants")).toContainText("You hold no grant on this secret");
    const row = await reveal(page, "E2E: trying after the revoke");
    await expect(row.getByTestId("reveal-error")).toHaveText("Reading this value needs an explicit grant.");
    await expect(page.getByTestId("revealed-value")).toHaveCount(0);
    expectNoValue(await page.content(), "the refused reveal");
  });
});

test.describe("the record as Security", () => {
  test.use({ storageState: authFile("security") });

  test("the grants page and the audit log show the grant, the reads and the revoke, never the value", async ({ page }) => {
    await page.goto(`/vault/grants?q=${secretName}`);
    const table = page.getByTestId("grants-table");
    const grantRow = table.getByRole("row").filter({ hasText: demo.owner.email });
    await expect(grantRow).toHaveCount(1);
    await expect(grantRow).toContainText("revoked");
    await expect(grantRow).toContainText(reason);
    await shoot(page, "vault-grants");
    await page.getByTestId("filter-status").selectOption("active");
    await expect(page).toHaveURL(/status=active/);
    await expect(table.getByRole("row").filter({ hasText: demo.owner.email })).toHaveCount(0);
    expectNoValue(await page.content(), "the grants page");

    await page.goto(`/audit?targetId=${grantId}`);
    const audit = page.getByTestId("audit-table");
    await expect(audit.getByRole("row").filter({ hasText: "grant.create" })).toContainText(demo.security.email);
    await expect(audit.getByRole("row").filter({ hasText: "grant.revoke" })).toContainText(demo.security.email);
    expectNoValue(await page.content(), "the grant's audit events");

    await page.goto(`/audit?targetId=${secretId}&action=secret.value_read`);
    await expect(audit.getByRole("row").filter({ hasText: demo.owner.email })).toHaveCount(2);
    expectNoValue(await page.content(), "the secret's read events");
    await page.goto(`/audit?targetId=${secretId}&action=secret.access_denied`);
    await expect(audit.getByRole("row").filter({ hasText: demo.owner.email })).toHaveCount(1);

    // The audit API holds the reasons, not the value.
    const res = await page.request.get(`/api/v1/audit?targetId=${secretId}&pageSize=100`);
    const text = await res.text();
    expectNoValue(text, "the audit API");
    const reads = (JSON.parse(text).items as Array<{ action: string; after: { reason?: string } }>).filter((e) => e.action === "secret.value_read");
    expect(reads.map((r) => r.after.reason).sort()).toEqual(["E2E: a second look before leaving", "E2E: checking the key after the incident"]);
  });
});
