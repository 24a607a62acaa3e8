// Password sign-in failures: a wrong password says so; repeated failures lock the account.
import { expect, test } from "@playwright/test";
import { E2E_PASSWORD, lockoutUser, wrongPasswordUser } from "./data.ts";
import { signIn, submitSignIn } from "./helpers.ts";

const wrong = "The email or password is wrong.";
const locked = "Too many failed attempts: this account is locked for 15 minutes.";

test("a wrong password shows an error and keeps the visitor on the sign-in page", async ({ page }) => {
  await submitSignIn(page, wrongPasswordUser.email, "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: wrong })).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByTestId("current-role")).toHaveCount(0);
  // The right password still works afterwards (one failure does not lock).
  await signIn(page, wrongPasswordUser.email, E2E_PASSWORD);
  await expect(page.getByText(wrongPasswordUser.name)).toBeVisible();
});

test("an unknown email gets the same message as a wrong password", async ({ page }) => {
  await submitSignIn(page, "nobody@e2e.keyward.test", "whatever-password");
  await expect(page.getByRole("alert").filter({ hasText: wrong })).toBeVisible();
});

test("five failures lock the account, even against the right password", async ({ page }) => {
  for (let i = 1; i <= 5; i++) {
    await submitSignIn(page, lockoutUser.email, `wrong-${i}`);
    await expect(page.getByRole("alert").filter({ hasText: wrong })).toBeVisible();
  }
  await submitSignIn(page, lockoutUser.email, E2E_PASSWORD);
  await expect(page.getByRole("alert").filter({ hasText: locked })).toBeVisible();
  await expect(page.getByTestId("current-role")).toHaveCount(0);
});
