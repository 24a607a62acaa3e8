// A developer is refused what a developer may not do, whichever door they try.
import { expect, test } from "@playwright/test";
import { otherSecret, otherTeam } from "./data.ts";
import { authFile, mainNav } from "./helpers.ts";


test.describe("developer", () => {
  test.use({ storageState: authFile("dev") });

  test("has no Users entry and is refused the users page when visiting it directly", async ({ page }) => {
    await page.goto("/");
    await expect(mainNav(page).getByRole("link", { name: "Users" })).toHaveCount(0);
    const res = await page.goto("/settings/users");
    await expect(page.getByText("You do not have access to this page")).toBeVisible();
    expect(res?.status() ?? 200).not.toBe(500);
    await expect(page.getByRole("table")).toHaveCount(0);
  });

  test("cannot change or create another team's secret through the API (403), and nothing changes", async ({ page, playwright, baseURL }) => {
    const admin = await playwright.request.newContext({ baseURL, storageState: authFile("admin") });
    const list = await admin.get(`/api/v1/secrets?q=${otherSecret.name}`);
    expect(list.status()).toBe(200);
    const rows = (await list.json()).rows as Array<{ id: string; name: string }>;
    const target = rows.find((r) => r.name === otherSecret.name);
    expect(target, `seeded secret ${otherSecret.name}`).toBeTruthy();
    const before = await (await admin.get(`/api/v1/secrets/${target!.id}`)).json();

    // The developer's own session (cookies of this page's context).
    const patch = await page.request.patch(`/api/v1/secrets/${target!.id}`, { data: { description: "changed by a developer" } });
    expect(patch.status()).toBe(403);
    expect((await patch.json()).error.code).toBe("forbidden");

    const del = await page.request.delete(`/api/v1/secrets/${target!.id}`);
    expect(del.status()).toBe(403);

    const teams = await admin.get(`/api/v1/teams?q=${otherTeam.name}`);
    const otherTeamId = ((await teams.json()).items as Array<{ id: string; slug: string }>).find((t) => t.slug === otherTeam.slug)?.id;
    expect(otherTeamId, "the other team's id").toBeTruthy();
    const backendId = before.backend?.id ?? before.backendId;
    const create = await page.request.post("/api/v1/secrets", {
      data: { name: "e2e-dev-sneaky", type: "password", environment: "prod", classification: "standard", ownerTeamId: otherTeamId, backendId },
    });
    expect(create.status()).toBe(403);

    const after = await (await admin.get(`/api/v1/secrets/${target!.id}`)).json();
    expect(after.description).toBe(before.description);
    const sneaky = await (await admin.get("/api/v1/secrets?q=e2e-dev-sneaky")).json();
    expect(sneaky.rows).toHaveLength(0);
    await admin.dispose();
  });
});
