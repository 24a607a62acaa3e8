import { describe, expect, it } from "vitest";
import { authorize, permits, teamsInScope, type Actor } from "./authorize";
import { permissions, permissionTable, scopeOf } from "./permissions";

// permits() is authorize() as a yes/no: for every role, permission and target they must agree.
describe("permits", () => {
  const targets = [undefined, { ownerTeamId: "team-a" }, { ownerTeamId: "team-b" }, { ownerTeamId: null }];
  it("answers exactly what authorize() would, for every role, permission and target", () => {
    for (const role of Object.keys(permissionTable)) {
      const actor: Actor = { kind: "user", id: "u", label: "u", role, teamIds: ["team-a"] };
      for (const p of permissions) {
        for (const t of targets) {
          let allowed = true;
          try {
            authorize(actor, p, t);
          } catch {
            allowed = false;
          }
          expect(permits(actor, p, t), `${role} ${p} ${JSON.stringify(t)}`).toBe(allowed);
        }
      }
    }
  });
});

describe("teamsInScope", () => {
  const teams = [{ id: "team-a" }, { id: "team-b" }, { id: "team-c" }];
  it("offers exactly the teams whose resources authorize() lets the role act on, for every role and permission it holds", () => {
    for (const role of Object.keys(permissionTable)) {
      const actor: Actor = { kind: "user", id: "u", label: "u", role, teamIds: ["team-a", "team-c"] };
      for (const p of permissions.filter((p) => scopeOf(role, p))) {
        const allowed = teams.filter((t) => {
          try {
            authorize(actor, p, { ownerTeamId: t.id });
            return true;
          } catch {
            return false;
          }
        });
        expect(teamsInScope(actor, p, teams), `${role} ${p}`).toEqual(allowed);
      }
    }
  });
});
