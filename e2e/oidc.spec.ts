// Single sign-on end to end against a real OpenID provider (e2e/oidc-provider.ts, started by
// scripts/test.ts on loopback): the app redirects there, the person signs in and consents at
// the provider, and comes back signed in; someone never invited is refused.
import { expect, test, type Page } from "@playwright/test";
import { ssoUser } from "./data.ts";
import { SSO_ACCOUNTS, SSO_NAME } from "./sso-accounts.ts";

const issuer = process.env.OIDC_ISSUER ?? "";
test.beforeAll(() => {
  if (!issuer) throw new Error("OIDC_ISSUER is not set: run the browser tests through `npm test`, which starts the test OpenID provider");
});

async function signInAtProvider(page: Page, account: { login: string; password: string }) {
  await page.goto("/signin");
  await page.getByRole("button", { name: `Continue with ${SSO_NAME}` }).click();
  // Now on the provider's own pages, a different origin.
  await expect(page).toHaveURL(new RegExp(`^${issuer}/interaction/`));
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Username").fill(account.login);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Authorize" })).toBeVisible();
  await expect(page.getByText("openid, email, profile")).toBeVisible();
  await page.getByRole("button", { name: "Allow" }).click();
}

test("an invited person signs in with single sign-on and lands in the console", async ({ page, baseURL }) => {
  await signInAtProvider(page, SSO_ACCOUNTS.invited);
  await expect(page).toHaveURL(`${baseURL}/`);
  await expect(page.getByTestId("current-role")).toHaveText("App owner");
  await expect(page.getByText(ssoUser.name)).toBeVisible();

  // The session is real: a team-scoped page works and the API knows who this is.
  await page.goto("/inventory");
  await expect(page).toHaveURL(/\/inventory/);
  const session = await page.request.get("/api/auth/session");
  expect((await session.json()).user?.email).toBe(ssoUser.email);
});

test("a wrong password at the provider keeps the person there", async ({ page }) => {
  await page.goto("/signin");
  await page.getByRole("button", { name: `Continue with ${SSO_NAME}` }).click();
  await page.getByLabel("Username").fill(SSO_ACCOUNTS.invited.login);
  await page.getByLabel("Password").fill("not-it");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Wrong username or password.");
  await expect(page).toHaveURL(new RegExp(`^${issuer}/interaction/`));
});

test("a single sign-on account that was never invited is refused with a clear message", async ({ page }) => {
  await signInAtProvider(page, SSO_ACCOUNTS.stranger);
  await expect(page).toHaveURL(/\/signin\?error=not_invited/);
  await expect(
    page.getByRole("alert").filter({ hasText: "Your single sign-on account has no Keyward access yet. Ask an administrator to invite you." }),
  ).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
});
