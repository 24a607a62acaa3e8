// Discovery end to end in the browser: a file-system connector created through the form, run
// by the worker with live progress, its finding listed on /findings, triaged, and opened.
// The planted key is random and fake; it lives in a temp folder this spec writes.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { authFile, shoot } from "./helpers.ts";

/** An AWS-style access key id (AKIA + 16 of [A-Z2-7]) that no one has ever issued. */
function fakeAwsKeyId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  return "AKIA" + Array.from(crypto.randomBytes(16), (b) => alphabet[b % 32]).join("");
}

test.describe("discovery as Security", () => {
  test.use({ storageState: authFile("security") });
  let dir = "";

  test.beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "keyward-e2e-discovery-"));
    fs.writeFileSync(path.join(dir, ".env"), `# billing service\nAWS_REGION=eu-west-1\nAWS_ACCESS_KEY_ID=${fakeAwsKeyId()}\n`);
    fs.writeFileSync(path.join(dir, "README.md"), "Nothing secret here.\n");
  });
  test.afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("create a file-system connector, run it, see and triage its finding", async ({ page }) => {
    test.setTimeout(120_000);
    const name = `e2e-fs-${Date.now()}`;

    await page.goto("/discovery");
    await expect(page.getByRole("heading", { name: "Discovery", level: 1 })).toBeVisible();
    await page.getByTestId("new-connector").click();
    await expect(page).toHaveURL(/\/discovery\/new$/);

    const form = page.getByTestId("connector-form");
    await form.getByTestId("field-kind").selectOption({ label: "File system" });
    await form.getByTestId("field-name").fill(name);
    await form.getByTestId("field-config.paths").fill(dir);
    await page.getByTestId("save-connector").click();
    await expect(page).toHaveURL(/\/discovery\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();

    // Test connection, then run it and follow the progress until the worker is done.
    await page.getByTestId("test-connector").click();
    await expect(page.getByTestId("connector-note")).toContainText("readable");
    await page.getByTestId("run-now").click();
    const progress = page.getByTestId("run-progress");
    await expect(progress).toBeVisible();
    await expect(progress).toContainText("succeeded", { timeout: 90_000 });
    await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
    await expect(page.getByTestId("runs")).toContainText("succeeded");
    await expect(page.getByTestId("connector-findings")).toContainText("1 finding location");
    await shoot(page, "connector");

    // The finding, listed under this connector.
    await page.getByTestId("connector-findings").click();
    await expect(page).toHaveURL(/\/findings\?connectorId=/);
    const rows = page.getByTestId("findings-row");
    await expect(rows).toHaveCount(1);
    const row = rows.first();
    await expect(row.getByTestId("finding-link")).toContainText(/aws/i);
    await expect(row).toContainText(".env:3");
    await expect(row.getByTestId("finding-source")).toContainText(`via ${name}`);
    await expect(row).toContainText("Open");

    // Triage: false positive, with a note.
    await row.getByTestId("select-row").check();
    await expect(page.getByTestId("selected-count")).toHaveText("1 selected");
    await page.getByTestId("bulk-status").selectOption("false_positive");
    await page.getByTestId("bulk-note").fill("Fake key planted by the browser tests.");
    await page.getByTestId("bulk-triage").click();
    await expect(page.getByTestId("bulk-result")).toContainText("1 finding updated.");
    await expect(row).toContainText("False positive");

    // The finding's own page.
    await row.getByTestId("finding-link").click();
    await expect(page).toHaveURL(/\/findings\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(/aws/i);
    await expect(page.getByText("Note: Fake key planted by the browser tests.")).toBeVisible();
    const locations = page.getByTestId("finding-locations");
    await expect(locations).toContainText(".env:3");
    await expect(locations).toContainText(name);
    await shoot(page, "finding-detail");

    // No plaintext anywhere on the way: the page shows a 4-character preview at most.
    const key = fs.readFileSync(path.join(dir, ".env"), "utf8").match(/AKIA[A-Z2-7]{16}/)![0];
    expect(await page.content()).not.toContain(key);

    await page.goto("/findings");
    await expect(page.getByTestId("findings-table")).toBeVisible();
    await shoot(page, "findings", false);
    const tableOverflow = await page.getByTestId("findings").locator(".overflow-x-auto").evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(tableOverflow, `the findings table scrolls sideways by ${tableOverflow}px`).toBeLessThanOrEqual(0);
    await page.goto("/findings?view=repositories");
    await expect(page.getByTestId("repository-groups")).toContainText(dir);
    await shoot(page, "findings-repositories", false);
    await page.goto("/discovery");
    await expect(page.getByTestId("connectors")).toContainText(name);
    await shoot(page, "discovery");
  });
});
