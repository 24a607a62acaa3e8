// Each role sees the navigation its permissions allow (signed in through the form by auth.setup.ts).
import { expect, test } from "@playwright/test";
import type { TDemoKey } from "./data.ts";
import { authFile, mainNav, navLabels, roleLabel } from "./helpers.ts";

const expectations: Record<TDemoKey, { has: string[]; hasNot: string[] }> = {
  admin: { has: ["Overview", "Inventory", "Teams", "Backends", "Jobs", "Audit log", "Users", "API tokens"], hasNot: [] },
  security: { has: ["Overview", "Inventory", "Jobs", "Audit log", "Users"], hasNot: [] },
  owner: { has: ["Overview", "Inventory", "Applications", "Teams"], hasNot: ["Users", "Audit log", "Jobs", "Vault grants"] },
  dev: { has: ["Overview", "Inventory", "Teams", "API tokens"], hasNot: ["Users", "Audit log", "Jobs", "Vault grants"] },
  // Grants read-only: evidence for auditors, access reviews for managers (no policies, no keys).
  auditor: { has: ["Overview", "Inventory", "Audit log", "Users", "Vault grants"], hasNot: ["Jobs", "Vault policies", "Vault keys"] },
  manager: { has: ["Overview", "Inventory", "Teams", "Users", "Vault grants"], hasNot: ["Audit log", "Jobs", "Vault policies"] },
};

for (const [key, { has, hasNot }] of Object.entries(expectations) as Array<[TDemoKey, (typeof expectations)[TDemoKey]]>) {
  test.describe(`${roleLabel[key]} navigation`, () => {
    test.use({ storageState: authFile(key) });

    test(`${roleLabel[key]} sees the navigation that fits the role`, async ({ page }) => {
      await page.goto("/");
      await expect(page.getByTestId("current-role")).toHaveText(roleLabel[key]);
      await expect(mainNav(page).getByRole("link", { name: "Overview", exact: true })).toBeVisible();
      const labels = await navLabels(page);
      for (const label of has) expect(labels, `${roleLabel[key]} should see ${label}`).toContain(label);
      for (const label of hasNot) expect(labels, `${roleLabel[key]} should not see ${label}`).not.toContain(label);
    });
  });
}

test.describe("signed out", () => {
  test("a console page sends an anonymous visitor to sign in and back", async ({ page }) => {
    await page.goto("/inventory?environment=prod");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
    expect(decodeURIComponent(new URL(page.url()).searchParams.get("callbackUrl") ?? "")).toBe("/inventory?environment=prod");
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  });
});
