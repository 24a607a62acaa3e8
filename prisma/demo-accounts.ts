// The demo sign-ins the seed creates and `npm start` prints. No server imports here, so plain
// scripts (scripts/start.ts) can read it.

/** One shared password for every demo account; override with KEYWARD_DEMO_PASSWORD. */
export const DEMO_PASSWORD = process.env.KEYWARD_DEMO_PASSWORD || "keyward-demo-2026";

export type TDemoAccount = {
  key: string;
  role: "admin" | "security" | "app_owner" | "developer" | "auditor" | "manager";
  name: string;
  /** Team slugs the account belongs to (before any namespace suffix). */
  teams: string[];
  what: string;
};

export const DEMO_ACCOUNTS: TDemoAccount[] = [
  { key: "admin", role: "admin", name: "Ada Admin", teams: [], what: "configures everything" },
  { key: "security", role: "security", name: "Sam Security", teams: ["security"], what: "all secrets' metadata" },
  { key: "owner", role: "app_owner", name: "Olivia Owner", teams: ["payments", "identity"], what: "payments and identity" },
  { key: "dev", role: "developer", name: "Dev Dana", teams: ["payments"], what: "payments" },
  { key: "auditor", role: "auditor", name: "Audrey Auditor", teams: [], what: "read-only, everything" },
  { key: "manager", role: "manager", name: "Max Manager", teams: ["payments", "mobile"], what: "payments and mobile" },
];

export function demoEmail(key: string, namespace?: string): string {
  return namespace ? `${key}-${namespace}@keyward.demo` : `${key}@keyward.demo`;
}
