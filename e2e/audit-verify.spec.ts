// Audit chain verification as an auditor uses it: the audit page shows the workers' newest result
// without verifying on load; "Verify now" queues an incremental check that the real worker runs,
// the page follows it and then shows the chain verified up to a newer event than before (the
// request itself is an event), and the completed check is an audit event too.
import { expect, test } from "@playwright/test";
import { authFile, shoot } from "./helpers.ts";

test.use({ storageState: authFile("auditor") });

const verifiedUpTo = (text: string | null) => Number(/verified up to event #(\d+)/.exec(text ?? "")?.[1] ?? 0);

test("an auditor verifies the audit chain now and sees the result", async ({ page }) => {
  await page.goto("/audit");
  const status = page.getByTestId("chain-status");
  await expect(status).toBeVisible();
  const before = await verifiedUpTo(await status.textContent());

  await page.getByTestId("verify-now").click();
  await expect
    .poll(async () => verifiedUpTo(await status.textContent()), { timeout: 60_000, message: "a newer verified event id" })
    .toBeGreaterThan(before);
  await expect(page.getByTestId("chain-last")).toContainText(/Incremental · [\d,]+ events checked/);
  await expect(page.getByTestId("verify-now")).toBeEnabled();
  await expect(page.getByTestId("chain-failure")).toHaveCount(0);
  await shoot(page, "audit-verified");

  await page.goto("/audit?action=audit.verify.completed");
  await expect(page.getByText("audit.verify.completed").first()).toBeVisible();
});
