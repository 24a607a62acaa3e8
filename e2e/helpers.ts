import path from "node:path";
import { expect, type Page } from "@playwright/test";
import type { TDemoKey } from "./data.ts";

/** Saved sign-in of a demo account (written by auth.setup.ts). */
export const authFile = (key: TDemoKey) => path.join(import.meta.dirname, "..", "test-results", ".auth", `${key}.json`);

export const roleLabel: Record<TDemoKey, string> = {
  admin: "Admin",
  security: "Security",
  owner: "App owner",
  dev: "Developer",
  auditor: "Auditor",
  manager: "Manager",
};

/** Signs in through the sign-in form; does not wait for the outcome. */
export async function submitSignIn(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Signs in and waits until the console shows the signed-in person. */
export async function signIn(page: Page, email: string, password: string) {
  await submitSignIn(page, email, password);
  await expect(page.getByTestId("current-role")).toBeVisible();
}

export function mainNav(page: Page) {
  return page.getByRole("navigation", { name: "Main" });
}

export async function navLabels(page: Page): Promise<string[]> {
  return (await mainNav(page).getByRole("link").allTextContents()).map((s) => s.trim());
}

/**
 * Saves a screenshot to e2e/screenshots/ (not committed) after checking the page rendered
 * without the error boundary, a 404 or sideways scrolling.
 */
export async function shoot(page: Page, name: string, fullPage = true) {
  // Not "networkidle": live pages keep polling. Wait for fonts and for pending transitions.
  await page.evaluate(() => document.fonts.ready);
  await expect(page.locator("[aria-busy=true]")).toHaveCount(0);
  await expect(page.getByText("This page could not be shown")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Not found" })).toHaveCount(0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(import.meta.dirname, "screenshots", `${name}.png`), fullPage });
}
