// The jobs page as security uses it: "Run hygiene check now" queues the real worker's job, and its
// row follows the run to the end (progress polled from /api/v1/jobs/{id}) without a reload.
import { expect, test } from "@playwright/test";
import { authFile } from "./helpers.ts";

test.use({ storageState: authFile("security") });

test("a hygiene check started from the jobs page runs to the end with progress", async ({ page }) => {
  await page.goto("/jobs");
  const runs = page.getByTestId("job-runs");
  const newest = runs.getByTestId("job-run").first();
  const before = (await newest.count()) ? await newest.getAttribute("data-run-id") : null;
  await page.getByTestId("run-hygiene").click();
  // newest first: the run just queued takes the top row
  await expect(newest).not.toHaveAttribute("data-run-id", before ?? "", { timeout: 30_000 });
  await expect(newest).toContainText("Hygiene check");
  await expect(newest).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  await expect(newest.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
});
