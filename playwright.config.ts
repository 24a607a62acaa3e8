// Browser tests. `npm test` builds and starts the app (and the test OpenID provider) and sets
// E2E_BASE_URL; to run against a server you started yourself:
//   E2E_BASE_URL=http://localhost:3000 npx playwright test
import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// Debian's Chromium where it exists (no browser download on these machines), else Playwright's own.
const debianChromium = "/usr/bin/chromium";
const launchOptions = fs.existsSync(debianChromium)
  ? {
      executablePath: debianChromium,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    }
  : {};

const jsonReport = process.env.E2E_JSON_REPORT;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/playwright",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  forbidOnly: true,
  reporter: jsonReport ? [["list"], ["json", { outputFile: jsonReport }]] : [["list"]],
  use: {
    ...devices["Desktop Chrome"],
    browserName: "chromium",
    baseURL: process.env.E2E_BASE_URL ?? "http://localhost:3000",
    launchOptions,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    viewport: { width: 1440, height: 900 },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "e2e", testMatch: /.*\.spec\.ts/, dependencies: ["setup"] },
  ],
});
