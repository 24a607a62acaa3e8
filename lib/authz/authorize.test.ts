import { describe, expect, it } from "vitest";
import { authorize, permits, type Actor } from "./authorize";
import { permissions, permissionTable } from "./permissions";

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
