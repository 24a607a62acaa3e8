// Screenshots of the main pages (e2e/screenshots/, not committed) for a human look, and a smoke
// test of each: it renders without the error boundary and without sideways scrolling.
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { authFile } from "./helpers.ts";

const dir = path.join(import.meta.dirname, "screenshots");

async function shoot(page: Page, name: string, fullPage = true) {
  // Not "networkidle": live pages keep polling. Wait for fonts and for pending transitions.
  await page.evaluate(() => document.fonts.ready);
  await expect(page.locator("[aria-busy=true]")).toHaveCount(0);
  await expect(page.getByText("This page could not be shown")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Not found" })).toHaveCount(0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage });
}

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
    await page.getByRole("table").getByRole("link").first().click();
    await expect(page).toHaveURL(/\/inventory\/[0-9a-f-]{36}/);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    await shoot(page, "secret-detail");
  });

  test("teams", async ({ page }) => {
    await page.goto("/teams");
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    await shoot(page, "teams");
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
