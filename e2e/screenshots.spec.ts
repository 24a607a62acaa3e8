// Screenshots of the main pages (e2e/screenshots/, not committed) for a human look, and a smoke
// test of each: it renders without the error boundary and without sideways scrolling.
import { expect, test } from "@playwright/test";
import { authFile, shoot } from "./helpers.ts";

test("sign-in page", async ({ page }) => {
  await page.goto("/signin");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await shoot(page, "signin");
});

test.describe("console as Security", () => {
  test.use({ storageState: authFile("security") });

  test("overview", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    await shoot(page, "overview");
  });

  test("inventory and a secret's detail", async ({ page }) => {
    await page.goto("/inventory");
    await expect(page.getByRole("table")).toBeVisible();
    await shoot(page, "inventory", false);
    // The default columns fit the screen: no sideways scrolling inside the table either.
    const tableOverflow = await page.getByTestId("secrets").locator(".overflow-x-auto").evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(tableOverflow, `the inventory table scrolls sideways by ${tableOverflow}px`).toBeLessThanOrEqual(0);
    await page.getByRole("table").getByRole("link").first().click();
    await expect(page).toHaveURL(/\/inventory\/[0-9a-f-]{36}/);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    await shoot(page, "secret-detail");
  });

  test("teams", async ({ page }) => {
    await page.goto("/teams");
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    await shoot(page, "teams");
    // The search applies as you type (no Apply button).
    await page.getByTestId("filter-q").fill("Paym");
    await expect(page).toHaveURL(/[?&]q=Paym/);
    await expect(page.getByRole("table").getByRole("link", { name: "Payments", exact: true })).toBeVisible();
    await expect(page.getByRole("table").getByRole("link", { name: "Identity", exact: true })).toHaveCount(0);
  });

  test.describe("dark mode", () => {
    test.use({ colorScheme: "dark" });
    test("inventory in dark mode", async ({ page }) => {
      await page.goto("/inventory");
      await expect(page.locator("html")).toHaveClass(/dark/);
      await expect(page.getByRole("table")).toBeVisible();
      await shoot(page, "inventory-dark", false);
    });
  });
});
