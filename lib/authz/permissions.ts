// The one table of roles and permissions. Domain functions enforce it through authorize();
// the UI reads it through can() only to hide controls it would refuse anyway.

export const roles = ["admin", "security", "app_owner", "developer", "auditor", "manager"] as const;
export type TRole = (typeof roles)[number];

export const roleLabels: Record<TRole, string> = {
  admin: "Admin",
  security: "Security",
  app_owner: "App owner",
  developer: "Developer",
  auditor: "Auditor",
  manager: "Manager",
};

export const permissions = [
  "dashboard:read",
  "secret:read", // metadata only, never values
  "secret:create",
  "secret:update",
  "secret:delete",
  "secret:export",
  "team:read",
  "team:write",
  "application:read",
  "application:write",
  "backend:read",
  "backend:write",
  "user:read",
  "user:manage",
  "audit:read",
  "hygiene:run",
  "token:own", // personal API tokens
  // Vault. Reading a value also needs an explicit grant and a reason (lib/domain/vault).
  "secret:value_read", // non-prod values
  "secret:value_read_prod", // prod values; developers write prod values but never read them
  "secret:value_write",
  "secret:value_destroy", // delete, recover, destroy, roll back versions
  "vault:identity", // workload identities and their tokens
  "vault:policy", // policies, attachments, grants, the simulator
  "vault:grants_read", // who was granted which secret's values, until when and why (read-only evidence)
  "vault:keys", // key rotation, seal and unseal
  // Discovery.
  "finding:read", // hardcoded-secret findings (fingerprints and previews, never values)
  "finding:triage", // status changes, accepted risk, migrate to the vault
  "connector:read",
  "connector:write", // create, change, delete connectors and run them
  "finding:upload", // send CI scan results; read the fingerprint key they are computed with
] as const;
export type TPermission = (typeof permissions)[number];

/**
 * "all": every resource. "team": only resources owned by one of the actor's teams
 * (unowned resources are outside every team).
 */
export type TScope = "all" | "team";

const all = "all" as const;
const team = "team" as const;

export const permissionTable: Record<TRole, Partial<Record<TPermission, TScope>>> = {
  admin: {
    "dashboard:read": all, "secret:read": all, "secret:create": all, "secret:update": all,
    "secret:delete": all, "secret:export": all, "team:read": all, "team:write": all,
    "application:read": all, "application:write": all, "backend:read": all, "backend:write": all,
    "user:read": all, "user:manage": all, "audit:read": all, "hygiene:run": all, "token:own": all,
    "secret:value_read": all, "secret:value_read_prod": all, "secret:value_write": all,
    "secret:value_destroy": all, "vault:identity": all, "vault:policy": all, "vault:grants_read": all, "vault:keys": all,
    "finding:read": all, "finding:triage": all, "connector:read": all, "connector:write": all,
    "finding:upload": all,
  },
  security: {
    "dashboard:read": all, "secret:read": all, "secret:create": all, "secret:update": all,
    "secret:delete": all, "secret:export": all, "team:read": all, "application:read": all,
    "backend:read": all, "backend:write": all, "user:read": all, "audit:read": all,
    "hygiene:run": all, "token:own": all,
    "secret:value_read": all, "secret:value_read_prod": all, "secret:value_write": all,
    "secret:value_destroy": all, "vault:identity": all, "vault:policy": all, "vault:grants_read": all, "vault:keys": all,
    "finding:read": all, "finding:triage": all, "connector:read": all, "connector:write": all,
    "finding:upload": all,
  },
  app_owner: {
    "dashboard:read": all, "secret:read": team, "secret:create": team, "secret:update": team,
    "secret:delete": team, "secret:export": team, "team:read": all, "application:read": all,
    "application:write": team, "backend:read": all, "token:own": all,
    "secret:value_read": team, "secret:value_read_prod": team, "secret:value_write": team,
    "secret:value_destroy": team, "vault:identity": team,
    "finding:read": team, "finding:triage": team, "finding:upload": team,
  },
  developer: {
    "dashboard:read": all, "secret:read": team, "secret:create": team, "team:read": all,
    "application:read": all, "backend:read": all, "token:own": all,
    "secret:value_read": team, "secret:value_write": team,
    "finding:read": team,
  },
  auditor: {
    "dashboard:read": all, "secret:read": all, "secret:export": all, "team:read": all,
    "application:read": all, "backend:read": all, "user:read": all, "audit:read": all,
    "token:own": all, "finding:read": all, "connector:read": all, "vault:grants_read": all,
  },
  manager: {
    "dashboard:read": all, "secret:read": team, "secret:export": team, "team:read": all,
    "application:read": all, "backend:read": all, "user:read": all, "token:own": all,
    "finding:read": team, "vault:grants_read": team, // access reviews of their teams' secrets
  },
};

export function isRole(value: unknown): value is TRole {
  return typeof value === "string" && (roles as readonly string[]).includes(value);
}

/** The scope a role has for a permission, or null when it has none (unknown roles have none). */
export function scopeOf(role: string, permission: TPermission): TScope | null {
  if (!isRole(role)) return null;
  return permissionTable[role][permission] ?? null;
}

/** For the UI only: whether to show a control. Protection is authorize()'s job. */
export function can(role: string, permission: TPermission): boolean {
  return scopeOf(role, permission) !== null;
}

/** The permission reading a secret's value takes in its environment: prod values need their own. */
export function valueReadPermission(environment: string): TPermission {
  return environment === "prod" ? "secret:value_read_prod" : "secret:value_read";
}

/** Roles that write prod values but never read them back, grant or not (developers). */
export function writeOnlyOnProd(role: string): boolean {
  return can(role, "secret:value_write") && !can(role, "secret:value_read_prod");
}

/** What each permission lets a person do, for refusal messages ("Your role may not …"). */
export const permissionActions: Record<TPermission, string> = {
  "dashboard:read": "view dashboards",
  "secret:read": "view secrets",
  "secret:create": "create secrets",
  "secret:update": "change secrets",
  "secret:delete": "delete secrets",
  "secret:export": "export secrets",
  "team:read": "view teams",
  "team:write": "change teams",
  "application:read": "view applications",
  "application:write": "change applications",
  "backend:read": "view backends",
  "backend:write": "change backends",
  "user:read": "view users",
  "user:manage": "manage users",
  "audit:read": "view the audit log",
  "hygiene:run": "run hygiene checks",
  "token:own": "manage personal API tokens",
  "secret:value_read": "read secret values",
  "secret:value_read_prod": "read production secret values",
  "secret:value_write": "write secret values",
  "secret:value_destroy": "delete or destroy secret versions",
  "vault:identity": "manage workload identities",
  "vault:policy": "manage policies and grants",
  "vault:grants_read": "view vault grants",
  "vault:keys": "manage encryption keys and the seal",
  "finding:read": "view findings",
  "finding:triage": "triage findings",
  "connector:read": "view connectors",
  "connector:write": "manage connectors",
  "finding:upload": "upload scan results",
};
