// Signs in once as each of the six demo roles through the sign-in form and saves the session
// for the other specs (fewer sign-ins keeps the sign-in rate limit out of the way).
import fs from "node:fs";
import path from "node:path";
import { expect, test as setup } from "@playwright/test";
import { demo, type TDemoKey } from "./data.ts";
import { authFile, roleLabel, signIn } from "./helpers.ts";

for (const key of Object.keys(demo) as TDemoKey[]) {
  setup(`sign in as ${roleLabel[key]}`, async ({ page }) => {
    await signIn(page, demo[key].email, demo[key].password);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId("current-role")).toHaveText(roleLabel[key]);
    await expect(page.getByText(demo[key].name)).toBeVisible();
    fs.mkdirSync(path.dirname(authFile(key)), { recursive: true });
    await page.context().storageState({ path: authFile(key) });
  });
}
