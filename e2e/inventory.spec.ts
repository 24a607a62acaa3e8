// The inventory table: search, facets, sorting and CSV export, all kept in the URL.
// Assertions use the uniquely named e2e-inv-* rows from e2e/seed.ts (payments team).
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { invPrefix, invSecrets } from "./data.ts";
import { authFile } from "./helpers.ts";

const names = (filter: (s: (typeof invSecrets)[number]) => boolean) => invSecrets.filter(filter).map((s) => s.name).sort();

function rowNames(page: Page) {
  return page.getByTestId("secrets-table").getByTestId("secret-link");
}

/** The visible row names, sorted, once the table has settled. */
async function expectRows(page: Page, expected: string[]) {
  await expect(page.locator("[aria-busy=true]")).toHaveCount(0);
  await expect.poll(async () => (await rowNames(page).allTextContents()).map((s) => s.trim()).sort()).toEqual(expected);
}

async function pickFacet(page: Page, facet: string, option: string) {
  const box = page.getByTestId(`facet-${facet}`);
  await box.locator("summary").click();
  // The box shows checked at once; the rows follow when the server answers.
  await box.getByLabel(option, { exact: true }).click();
  await expect(box.getByLabel(option, { exact: true })).toBeChecked();
  await box.locator("summary").click(); // close the menu again
}

test.describe("inventory as Security", () => {
  test.use({ storageState: authFile("security") });

  test("search, filter by environment and type, and keep the state across a reload", async ({ page }) => {
    await page.goto("/inventory");
    await expect(page.getByRole("heading", { name: "Inventory" })).toBeVisible();

    await page.getByTestId("secret-search").fill(invPrefix);
    await expect(page).toHaveURL(/[?&]q=e2e-inv-/);
    await expectRows(page, names(() => true));

    await pickFacet(page, "environment", "Prod");
    await expect(page).toHaveURL(/environment=prod/);
    await expectRows(page, names((s) => s.environment === "prod"));

    await pickFacet(page, "type", "API key");
    await expect(page).toHaveURL(/type=api_key/);
    await expectRows(page, names((s) => s.environment === "prod" && s.type === "api_key"));

    await page.reload();
    await expectRows(page, names((s) => s.environment === "prod" && s.type === "api_key"));
    await expect(page.getByTestId("secret-search")).toHaveValue(invPrefix);
    await page.getByTestId("facet-environment").locator("summary").click();
    await expect(page.getByTestId("facet-environment").getByLabel("Prod", { exact: true })).toBeChecked();
    await expect(page.getByTestId("facet-environment").getByLabel("Dev", { exact: true })).not.toBeChecked();

    // Clearing removes the search and every facet, and they stay removed even when the server
    // answers after the search box's debounce (slowed down here on purpose).
    await page.route(/\/inventory(\?|$)/, async (route) => {
      if (route.request().headers()["rsc"]) await new Promise((r) => setTimeout(r, 900));
      await route.continue();
    });
    await page.getByTestId("clear-filters").click();
    await expect(page.getByTestId("secret-search")).toHaveValue("");
    await expect(page).not.toHaveURL(/environment=|type=|q=/);
    await expect(page.locator("[aria-busy=true]")).toHaveCount(0);
    await page.waitForTimeout(700);
    await expect(page).not.toHaveURL(/environment=|type=|q=/);
    await expect(page.getByTestId("clear-filters")).toHaveCount(0);
    await page.unroute(/\/inventory(\?|$)/);
  });

  test("ticked filters show at once, before the server answers", async ({ page }) => {
    await page.goto(`/inventory?q=${invPrefix}`);
    await expectRows(page, names(() => true));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route(/\/inventory\?/, async (route) => {
      if (route.request().headers()["rsc"]) await held;
      await route.continue();
    });
    const box = page.getByTestId("facet-environment");
    await box.locator("summary").click();
    await box.getByLabel("Prod", { exact: true }).click();
    await expect(box.getByLabel("Prod", { exact: true })).toBeChecked();
    await box.getByLabel("Dev", { exact: true }).click();
    await expect(box.getByLabel("Dev", { exact: true })).toBeChecked();
    await expect(box.getByLabel("Prod", { exact: true })).toBeChecked();
    await expect(box.locator("summary")).toContainText("(2)");
    await expect(page.locator("[aria-busy=true]").first()).toBeVisible();
    release();
    await expect(page).toHaveURL(/environment=prod&environment=dev|environment=dev&environment=prod/);
    await expectRows(page, names((s) => s.environment === "prod" || s.environment === "dev"));
    await page.unroute(/\/inventory\?/);
  });

  test("sort by a column, both ways, and keep the order across a reload", async ({ page }) => {
    await page.goto(`/inventory?q=${invPrefix}`);
    await expectRows(page, names(() => true));
    const sorted = names(() => true);
    const shown = async () => (await rowNames(page).allTextContents()).map((s) => s.trim());

    await page.getByTestId("sort-name").click();
    await expect(page).toHaveURL(/sort=name/);
    await expect(page.locator("th", { has: page.getByTestId("sort-name") })).toHaveAttribute("aria-sort", /ascending|descending/);
    const first = (await page.locator("th", { has: page.getByTestId("sort-name") }).getAttribute("aria-sort")) as string;
    const firstOrder = first === "ascending" ? sorted : [...sorted].reverse();
    await expect.poll(shown).toEqual(firstOrder);

    await page.getByTestId("sort-name").click();
    await expect(page.locator("th", { has: page.getByTestId("sort-name") })).toHaveAttribute("aria-sort", first === "ascending" ? "descending" : "ascending");
    await expect.poll(shown).toEqual([...firstOrder].reverse());

    await page.reload();
    await expect.poll(shown).toEqual([...firstOrder].reverse());
  });

  test("CSV export downloads exactly the filtered rows", async ({ page }) => {
    await page.goto(`/inventory?q=${invPrefix}&environment=staging`);
    const expected = names((s) => s.environment === "staging");
    await expectRows(page, expected);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = fs.readFileSync((await download.path())!, "utf8");
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    const cols = header.split(",");
    expect(cols).toEqual(expect.arrayContaining(["name", "environment", "type", "owner_team"]));
    const rows = lines.map((l) => l.split(","));
    expect(rows.map((r) => r[cols.indexOf("name")]).sort()).toEqual(expected);
    for (const r of rows) expect(r[cols.indexOf("environment")]).toBe("staging");
  });
});

test.describe("inventory as Auditor", () => {
  test.use({ storageState: authFile("auditor") });

  test("sees the table and Export, but no New secret button", async ({ page }) => {
    await page.goto("/inventory");
    await expect(page.getByTestId("secrets-table")).toBeVisible();
    await expect(page.getByTestId("export-csv")).toBeVisible();
    await expect(page.getByTestId("new-secret")).toHaveCount(0);
    await expect(page.getByRole("link", { name: "New secret" })).toHaveCount(0);
  });
});

test.describe("inventory as App owner", () => {
  test.use({ storageState: authFile("owner") });

  test("create a secret through the form (field errors on bad input), then edit it", async ({ page }) => {
    const name = `e2e-created-${Date.now()}`;
    await page.goto("/inventory");
    await page.getByTestId("new-secret").click();
    await expect(page).toHaveURL(/\/inventory\/new$/);
    const form = page.getByTestId("secret-form");

    // Bad input: refused with errors under the fields, and what was typed stays.
    await form.getByLabel("Name", { exact: true }).fill("not a valid name!");
    await form.getByLabel("Rotation period (days)").fill("0");
    await page.getByTestId("secret-submit").click();
    await expect(page.locator("#name-error")).toBeVisible();
    await expect(page.locator("#name-error")).toContainText("letters, digits");
    await expect(page.locator("#rotationPeriodDays-error")).toBeVisible();
    await expect(form.getByLabel("Name", { exact: true })).toHaveValue("not a valid name!");
    await expect(form.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/inventory\/new$/);

    // Good input: created and shown.
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("Rotation period (days)").fill("30");
    await form.getByLabel("Type").selectOption({ label: "Token" });
    await form.getByLabel("Environment").selectOption({ label: "Staging" });
    await form.getByLabel("Owner team").selectOption({ label: "Payments" });
    await page.getByTestId("secret-submit").click();
    await expect(page).toHaveURL(/\/inventory\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
    await expect(page.getByTestId("secret-path")).toContainText(`staging/payments`);
    await expect(page.getByTestId("secret-owner")).toHaveText("Payments");
    await expect(page.getByTestId("secret-badges")).toContainText("Staging");
    const detailUrl = page.url();

    // Edit: change the classification and description.
    await page.getByTestId("edit-secret").click();
    await expect(page).toHaveURL(/\/edit$/);
    await form.getByLabel("Classification").selectOption({ label: "Highly sensitive" });
    await form.getByLabel("Description").fill("Rotated by the payments on-call.");
    await page.getByTestId("secret-submit").click();
    await expect(page).toHaveURL(detailUrl);
    await expect(page.getByTestId("secret-badges")).toContainText("Highly sensitive");
    await expect(page.getByTestId("secret-metadata").getByText("Rotated by the payments on-call.")).toBeVisible();

    // And it is in the table.
    await page.goto(`/inventory?q=${name}`);
    await expectRows(page, [name]);
  });
});
