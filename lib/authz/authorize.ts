import { AppError } from "@/lib/errors";
import { permissionActions, scopeOf, type TPermission, type TRole, type TScope } from "./permissions";

export type Actor = {
  kind: "user" | "token" | "system" | "workload";
  id: string | null;
  label: string;
  role: TRole | string;
  teamIds: string[];
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
};

/** The actor workers use: acts as admin, audited as "system". */
export function systemActor(label = "system"): Actor {
  return { kind: "system", id: null, label, role: "admin", teamIds: [] };
}

/**
 * Refuses unless the actor's role grants the permission; with a team scope the target must be
 * owned by one of the actor's teams. Returns the scope so list queries can narrow themselves.
 */
export function authorize(actor: Actor, permission: TPermission, target?: { ownerTeamId: string | null }): TScope {
  const scope = scopeOf(actor.role, permission);
  if (!scope) throw new AppError("forbidden", `Your role may not ${describe(permission)}.`);
  if (scope === "team" && target && !(target.ownerTeamId && actor.teamIds.includes(target.ownerTeamId))) {
    throw new AppError("forbidden", `You may only ${describe(permission)} for your own teams.`);
  }
  return scope;
}

/**
 * authorize() as a yes/no, for showing or hiding what a refusal would otherwise stop. Only role
 * and teams count, so it also answers for a person who is not the caller.
 */
export function permits(actor: Pick<Actor, "role" | "teamIds">, permission: TPermission, target?: { ownerTeamId: string | null }): boolean {
  const scope = scopeOf(actor.role, permission);
  return scope === "all" || (scope === "team" && (!target || (!!target.ownerTeamId && actor.teamIds.includes(target.ownerTeamId))));
}

/**
 * The teams to offer for the permission (owner pickers, filters): a team-scoped role's own,
 * every one for the rest (callers have authorized the permission itself).
 */
export function teamsInScope<T extends { id: string }>(actor: Pick<Actor, "role" | "teamIds">, permission: TPermission, teams: T[]): T[] {
  return scopeOf(actor.role, permission) === "team" ? teams.filter((t) => actor.teamIds.includes(t.id)) : teams;
}

/** The team filter a list query applies for this actor and permission (undefined: all). */
export function teamFilter(actor: Actor, permission: TPermission): string[] | undefined {
  return authorize(actor, permission) === "team" ? actor.teamIds : undefined;
}

function describe(permission: TPermission): string {
  return permissionActions[permission];
}
