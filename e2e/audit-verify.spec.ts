// Audit chain verification as an auditor uses it: the audit page shows the workers' newest result
// without verifying on load; "Verify now" queues an incremental check that the real worker runs,
// the page follows it and then shows the chain verified up to a newer event than before (the
// request itself is an event), and the completed check is an audit event too. The verified event
// id and hash, noted as an auditor would, pass a later anchor check; a wrong hash fails it.
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

  // note the verified event and hash, as an auditor would in their workpapers, and check them later
  const eventId = /#(\d+)/.exec((await page.getByTestId("chain-anchor").textContent()) ?? "")![1]!;
  const hash = (await page.getByTestId("chain-anchor-hash").getAttribute("title"))!;
  expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  const anchor = page.getByTestId("anchor-check");
  await anchor.getByText("Check a noted hash").click();
  await anchor.getByLabel("Event id").fill(eventId);
  await anchor.getByLabel("Hash").fill(hash);
  await page.getByTestId("anchor-check-submit").click();
  await expect(page.getByTestId("anchor-check-result")).toHaveAttribute("data-outcome", "ok", { timeout: 60_000 });

  // a hash that was never the chain's fails the check
  await anchor.getByLabel("Hash").fill(hash.replace(/.$/, (c) => (c === "0" ? "1" : "0")));
  await page.getByTestId("anchor-check-submit").click();
  await expect(page.getByTestId("anchor-check-result")).toHaveAttribute("data-outcome", "failed", { timeout: 60_000 });

  await page.goto("/audit?action=audit.verify.completed");
  await expect(page.getByText("audit.verify.completed").first()).toBeVisible();
});
