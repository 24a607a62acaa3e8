import { can, type TPermission } from "@/lib/authz/permissions";

// The console's navigation, filtered by the same permission table that protects each page.
const items: Array<{ href: string; label: string; permission: TPermission }> = [
  { href: "/", label: "Overview", permission: "dashboard:read" },
  { href: "/inventory", label: "Inventory", permission: "secret:read" },
  { href: "/applications", label: "Applications", permission: "application:read" },
  { href: "/teams", label: "Teams", permission: "team:read" },
  { href: "/backends", label: "Backends", permission: "backend:read" },
  { href: "/findings", label: "Findings", permission: "finding:read" },
  { href: "/discovery", label: "Discovery", permission: "connector:read" },
  { href: "/vault/identities", label: "Workload identities", permission: "vault:identity" },
  { href: "/vault/policies", label: "Vault policies", permission: "vault:policy" },
  { href: "/vault/grants", label: "Vault grants", permission: "vault:grants_read" },
  { href: "/vault/keys", label: "Vault keys", permission: "vault:keys" },
  { href: "/jobs", label: "Jobs", permission: "hygiene:run" },
  { href: "/audit", label: "Audit log", permission: "audit:read" },
  { href: "/settings/users", label: "Users", permission: "user:read" },
  { href: "/settings/tokens", label: "API tokens", permission: "token:own" },
];

export function navigationFor(role: string) {
  return items.filter((i) => can(role, i.permission)).map(({ href, label }) => ({ href, label }));
}
