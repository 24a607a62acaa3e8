// Integration tests for the org modules through their API routes: bad input never yields a 500
// or a half-written row, and every change commits together with its audit event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as teamsRoute from "@/app/api/v1/teams/route";
import * as teamRoute from "@/app/api/v1/teams/[id]/route";
import * as appsRoute from "@/app/api/v1/applications/route";
import * as appRoute from "@/app/api/v1/applications/[id]/route";
import * as backendsRoute from "@/app/api/v1/backends/route";
import * as backendRoute from "@/app/api/v1/backends/[id]/route";
import * as usersRoute from "@/app/api/v1/users/route";
import * as userRoute from "@/app/api/v1/users/[id]/route";
import * as auditRoute from "@/app/api/v1/audit/route";
import { db } from "@/lib/db";
import { createApiToken } from "@/lib/domain/tokens/service";
import { makeActor, makeBackend, makeTeam, uid } from "@/lib/testing/fixtures";
import type { TRole } from "@/lib/authz/permissions";

type Handler = (req: Request, ctx: { params: Promise<any> }) => Promise<Response>;
const tokens: Partial<Record<TRole, string>> = {};
const actors: Record<string, Awaited<ReturnType<typeof makeActor>>> = {};

async function call(handler: Handler, method: string, opts: { role?: TRole; body?: unknown; raw?: string; params?: object; query?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (opts.role) headers.authorization = `Bearer ${tokens[opts.role]}`;
  const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const res = await handler(new Request(`http://test/api/v1/x${opts.query ?? ""}`, { method, headers, body }), { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

beforeAll(async () => {
  for (const role of ["admin", "security", "app_owner", "developer", "auditor", "manager"] as const) {
    actors[role] = await makeActor(role);
    tokens[role] = (await createApiToken(actors[role].actor, { name: "test" })).token;
  }
});
afterAll(() => db.$disconnect());

const auditCount = (targetId: string) => db.auditEvent.count({ where: { targetId } });

describe("teams API", () => {
  it("creates, reads, updates and deletes a team, auditing each change", async () => {
    const name = `Payments ${uid()}`;
    const created = await call(teamsRoute.POST, "POST", { role: "admin", body: { name, description: "Money", memberIds: [actors.developer.user.id], managerId: actors.manager.user.id } });
    expect(created.status).toBe(201);
    expect(created.json.slug).toMatch(/^payments-/);
    const id = created.json.id;
    expect(await db.auditEvent.count({ where: { targetId: id, action: "team.create" } })).toBe(1);

    const got = await call(teamRoute.GET, "GET", { role: "developer", params: { id } });
    expect(got.status).toBe(200);
    expect(got.json.members.map((m: { id: string }) => m.id)).toEqual([actors.developer.user.id]);
    expect(got.json.manager.id).toBe(actors.manager.user.id);
    expect(got.json.gaps).toHaveProperty("unownedSecrets");

    const listed = await call(teamsRoute.GET, "GET", { role: "auditor", query: `?q=${encodeURIComponent(name)}&pageSize=5` });
    expect(listed.status).toBe(200);
    expect(listed.json.items.map((t: { id: string }) => t.id)).toEqual([id]);
    expect(listed.json.items[0].memberCount).toBe(1);

    const patched = await call(teamRoute.PATCH, "PATCH", { role: "admin", params: { id }, body: { description: "Payments and billing", memberIds: [] } });
    expect(patched.status).toBe(200);
    expect(await db.teamMember.count({ where: { teamId: id } })).toBe(0);
    const ev = await db.auditEvent.findFirst({ where: { targetId: id, action: "team.update" } });
    expect(ev?.before).toMatchObject({ memberIds: [actors.developer.user.id] });
    expect(ev?.after).toMatchObject({ memberIds: [], description: "Payments and billing" });

    expect((await call(teamRoute.DELETE, "DELETE", { role: "admin", params: { id } })).status).toBe(204);
    expect(await db.team.findUnique({ where: { id } })).toBeNull();
    expect(await db.auditEvent.count({ where: { targetId: id, action: "team.delete" } })).toBe(1);
  });

  it("refuses to delete a team that still owns secrets or applications (409, nothing changed)", async () => {
    const team = await makeTeam();
    await db.application.create({ data: { name: `app-${uid()}`, slug: `app-${uid()}`, ownerTeamId: team.id } });
    const before = await auditCount(team.id);
    const res = await call(teamRoute.DELETE, "DELETE", { role: "admin", params: { id: team.id } });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toContain("still owns 1 application");
    expect(await db.team.findUnique({ where: { id: team.id } })).not.toBeNull();
    expect(await auditCount(team.id)).toBe(before);
  });

  it("answers bad input with 4xx and field errors, never 500, and writes nothing", async () => {
    const name = `Bad ${uid()}`;
    const cases: Array<[unknown, number, string?]> = [
      [{ name: 42 }, 400, "name"],
      [{ name, extra: true }, 400, "_"],
      [{ name, slug: "Not A Slug" }, 400, "slug"],
      [{ name, managerId: "nope" }, 400, "managerId"],
      [{ name, managerId: "00000000-0000-4000-8000-000000000000" }, 400, "managerId"],
      [{ name, memberIds: ["00000000-0000-4000-8000-000000000000"] }, 400, "memberIds"],
      [[1, 2, 3], 400],
      [null, 400],
      [{ name: "x".repeat(101) }, 400, "name"],
    ];
    for (const [body, status, field] of cases) {
      const res = await call(teamsRoute.POST, "POST", { role: "admin", body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.json.error.code).toBe("validation_failed");
      if (field) expect(Object.keys(res.json.error.fields)).toContain(field);
    }
    expect((await call(teamsRoute.POST, "POST", { role: "admin", raw: "{not json" })).status).toBe(400);
    expect((await call(teamsRoute.POST, "POST", { role: "admin", raw: JSON.stringify({ name, description: "x".repeat(300_000) }) })).status).toBe(413);
    expect((await call(teamRoute.GET, "GET", { role: "admin", params: { id: "not-a-uuid" } })).status).toBe(400);
    expect((await call(teamRoute.GET, "GET", { role: "admin", params: { id: "00000000-0000-4000-8000-000000000000" } })).status).toBe(404);
    expect((await call(teamsRoute.GET, "GET", { role: "admin", query: "?page=0" })).status).toBe(400);
    expect((await call(teamsRoute.GET, "GET", { role: "admin", query: "?sort=passwordHash" })).status).toBe(400);
    expect((await call(teamsRoute.GET, "GET", { role: "admin", query: "?unknown=1" })).status).toBe(400);
    expect(await db.team.count({ where: { name } })).toBe(0);
  });

  it("reports a taken name as a 409 with a field error", async () => {
    const team = await makeTeam();
    const res = await call(teamsRoute.POST, "POST", { role: "admin", body: { name: team.name } });
    expect(res.status).toBe(409);
    expect(res.json.error.fields.name).toBeDefined();
  });

  it("answers two concurrent creates of one name with one team and a 409, never a 500", async () => {
    const name = `Race ${uid()}`;
    const [a, b] = await Promise.all([0, 1].map(() => call(teamsRoute.POST, "POST", { role: "admin", body: { name } })));
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(await db.team.count({ where: { name } })).toBe(1);
  });
});

describe("applications API", () => {
  it("lets an app owner manage their own team's applications only", async () => {
    const own = actors.app_owner.teamIds[0];
    const other = (await makeTeam()).id;
    const created = await call(appsRoute.POST, "POST", { role: "app_owner", body: { name: `Checkout ${uid()}`, ownerTeamId: own, environments: ["dev", "prod"] } });
    expect(created.status).toBe(201);
    expect((await call(appsRoute.POST, "POST", { role: "app_owner", body: { name: `Nope ${uid()}`, ownerTeamId: other } })).status).toBe(403);
    expect((await call(appsRoute.POST, "POST", { role: "app_owner", body: { name: `Unowned ${uid()}` } })).status).toBe(403);
    // Handing the app to another team needs rights there too.
    expect((await call(appRoute.PATCH, "PATCH", { role: "app_owner", params: { id: created.json.id }, body: { ownerTeamId: other } })).status).toBe(403);
    expect((await call(appRoute.PATCH, "PATCH", { role: "developer", params: { id: created.json.id }, body: { description: "x" } })).status).toBe(403);
    expect((await call(appRoute.PATCH, "PATCH", { role: "app_owner", params: { id: created.json.id }, body: { environments: ["dev", "dev"] } })).status).toBe(400);
    const ok = await call(appRoute.PATCH, "PATCH", { role: "app_owner", params: { id: created.json.id }, body: { environments: ["staging"] } });
    expect(ok.status).toBe(200);
    expect(ok.json.environments).toEqual(["staging"]);
  });

  it("shows consumed secrets by environment, hiding other teams' secrets from team-scoped roles", async () => {
    const devTeam = actors.developer.teamIds[0];
    const backend = await makeBackend();
    const app = await db.application.create({ data: { name: `api-${uid()}`, slug: `api-${uid()}`, ownerTeamId: devTeam, environments: ["dev", "prod"] } });
    const mk = (env: "dev" | "prod", ownerTeamId: string | null) =>
      db.secret.create({
        data: { name: `s-${uid()}`, path: `${env}/t/a/${uid()}`, type: "password", environment: env, classification: "standard", ownerTeamId, backendId: backend.id, consumers: { create: { applicationId: app.id } } },
      });
    const mine = await mk("dev", devTeam);
    await mk("prod", (await makeTeam()).id);
    const asDev = await call(appRoute.GET, "GET", { role: "developer", params: { id: app.id } });
    expect(asDev.status).toBe(200);
    expect(asDev.json.consumes.dev.map((s: { id: string }) => s.id)).toEqual([mine.id]);
    expect(asDev.json.consumes.prod).toEqual([]);
    expect(asDev.json.hiddenSecretCount).toBe(1);
    const asSec = await call(appRoute.GET, "GET", { role: "security", params: { id: app.id } });
    expect(asSec.json.consumes.prod).toHaveLength(1);
    expect(asSec.json.hiddenSecretCount).toBe(0);
    // Still consuming secrets: deleting is refused with a clear message.
    const del = await call(appRoute.DELETE, "DELETE", { role: "admin", params: { id: app.id } });
    expect(del.status).toBe(409);
    expect(del.json.error.message).toContain("still consumes 2 secret");
  });
});

describe("backends API", () => {
  it("validates config per kind and refuses credentials", async () => {
    const name = `vault ${uid()}`;
    const bad: unknown[] = [
      { name, kind: "vault_kv", config: { address: "https://vault.example.com", token: "s.abc" } },
      { name, kind: "vault_kv", config: { address: "https://root:pw@vault.example.com" } },
      { name, kind: "vault_kv", config: {} },
      { name, kind: "aws_sm", config: { region: "mars-1", secretAccessKey: "x" } },
      { name, kind: "nope" },
      { name, kind: "keyward", config: { password: "x" } },
    ];
    for (const body of bad) {
      const res = await call(backendsRoute.POST, "POST", { role: "security", body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.fields).toBeDefined();
    }
    expect(await db.backend.count({ where: { name } })).toBe(0);

    const ok = await call(backendsRoute.POST, "POST", { role: "security", body: { name, kind: "vault_kv", config: { address: "https://vault.example.com" } } });
    expect(ok.status).toBe(201);
    expect(ok.json.config).toEqual({ address: "https://vault.example.com", mount: "secret" });
    const patchBad = await call(backendRoute.PATCH, "PATCH", { role: "security", params: { id: ok.json.id }, body: { config: { address: "ftp://x" } } });
    expect(patchBad.status).toBe(400);
    expect(Object.keys(patchBad.json.error.fields)).toContain("config.address");
    expect((await call(backendRoute.PATCH, "PATCH", { role: "security", params: { id: ok.json.id }, body: { kind: "git" } })).status).toBe(400);
    const got = await call(backendRoute.GET, "GET", { role: "developer", params: { id: ok.json.id } });
    expect(got.json).toMatchObject({ vaulted: true, secretCount: 0, kind: "vault_kv" });
    expect((await call(backendsRoute.POST, "POST", { role: "app_owner", body: { name: `x ${uid()}`, kind: "keyward" } })).status).toBe(403);
  });

  it("refuses to delete a backend that still holds secrets", async () => {
    const backend = await makeBackend("git");
    await db.secret.create({ data: { name: "k", path: `dev/x/y/${uid()}`, type: "api_key", environment: "dev", classification: "standard", backendId: backend.id } });
    const listed = await call(backendsRoute.GET, "GET", { role: "auditor", query: `?q=${backend.name}&vaulted=false` });
    expect(listed.json.items).toEqual([expect.objectContaining({ id: backend.id, secretCount: 1, vaulted: false })]);
    const res = await call(backendRoute.DELETE, "DELETE", { role: "admin", params: { id: backend.id } });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toContain("still holds 1 secret");
    const empty = await makeBackend();
    expect((await call(backendRoute.DELETE, "DELETE", { role: "admin", params: { id: empty.id } })).status).toBe(204);
    expect(await db.auditEvent.count({ where: { targetId: empty.id, action: "backend.delete" } })).toBe(1);
  });
});

describe("users API", () => {
  it("invites users (invited without password, active with one), never exposing the hash", async () => {
    const email = `new-${uid()}@example.test`;
    const team = await makeTeam();
    const res = await call(usersRoute.POST, "POST", { role: "admin", body: { email: email.toUpperCase(), name: "New Person", role: "developer", teamIds: [team.id] } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ email, status: "invited", teams: [{ id: team.id, name: team.name }] });
    expect(JSON.stringify(res.json)).not.toContain("passwordHash");
    const pw = "correct horse battery staple";
    const withPw = await call(usersRoute.POST, "POST", { role: "admin", body: { email: `pw-${uid()}@example.test`, name: "P", role: "auditor", password: pw } });
    expect(withPw.json.status).toBe("active");
    const ev = await db.auditEvent.findFirst({ where: { targetId: withPw.json.id, action: "user.invite" } });
    expect(ev).not.toBeNull();
    expect(JSON.stringify([ev!.before, ev!.after])).not.toContain(pw);
    expect((await call(usersRoute.POST, "POST", { role: "admin", body: { email, name: "Again", role: "developer" } })).status).toBe(409);
    expect((await call(usersRoute.POST, "POST", { role: "admin", body: { email: "bad", name: "x", role: "root" } })).json.error.fields).toHaveProperty("role");
    expect((await call(usersRoute.POST, "POST", { role: "security", body: { email: `s-${uid()}@example.test`, name: "x", role: "admin" } })).status).toBe(403);
    expect((await call(usersRoute.GET, "GET", { role: "manager", query: `?q=${email}` })).json.items).toHaveLength(1);
    expect((await call(usersRoute.GET, "GET", { role: "developer" })).status).toBe(403);
  });

  it("never removes the last active admin", async () => {
    const { setUserRole, disableUser, assertNotLastAdmin } = await import("@/lib/domain/users/service");
    const { user } = await makeActor("admin");
    // Other test files share this database, so "the only admin" is staged inside a transaction
    // that is rolled back: nobody else ever sees the other admins disabled.
    const rolledBack = new Error("rollback");
    const outcome = await db
      .$transaction(async (tx) => {
        await tx.user.updateMany({ where: { role: "admin", status: "active", NOT: { id: user.id } }, data: { status: "disabled" } });
        const res = await assertNotLastAdmin(tx, user).then(() => "allowed", (e) => e.code);
        throw Object.assign(rolledBack, { res });
      })
      .catch((e) => (e === rolledBack ? (e as Error & { res: string }).res : Promise.reject(e)));
    expect(outcome).toBe("conflict");

    // With a second admin the demotion goes through, audited; nobody may disable themselves.
    const second = await makeActor("admin");
    await expect(disableUser(second.actor, second.user.id)).rejects.toMatchObject({ code: "conflict" });
    const after = await setUserRole(second.actor, user.id, { role: "security" });
    expect(after.role).toBe("security");
    expect(await db.auditEvent.count({ where: { targetId: user.id, action: "user.role.set" } })).toBe(1);
    // A non-admin target is never "the last admin".
    await expect(assertNotLastAdmin(db as never, { id: user.id, role: "security", status: "active" })).resolves.toBeUndefined();
  });

  it("changes teams and disables through PATCH/DELETE; a disabled user's token stops working", async () => {
    const target = await makeActor("developer");
    const token = (await createApiToken(target.actor, { name: "t" })).token;
    const team = await makeTeam();
    const patched = await call(userRoute.PATCH, "PATCH", { role: "admin", params: { id: target.user.id }, body: { teamIds: [team.id], role: "app_owner" } });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ role: "app_owner", teams: [{ id: team.id }] });
    expect((await call(userRoute.DELETE, "DELETE", { role: "admin", params: { id: target.user.id } })).json.status).toBe("disabled");
    const res = await teamsRoute.GET(new Request("http://test/api/v1/teams", { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
    expect(res.status).toBe(401);
  });
});

describe("audit API", () => {
  it("filters events and is closed to roles without audit:read", async () => {
    const team = await makeTeam();
    await call(teamRoute.PATCH, "PATCH", { role: "admin", params: { id: team.id }, body: { description: "audited" } });
    const res = await call(auditRoute.GET, "GET", { role: "auditor", query: `?targetId=${team.id}&action=team.` });
    expect(res.status).toBe(200);
    expect(res.json.items).toEqual([expect.objectContaining({ action: "team.update", targetId: team.id, actorLabel: expect.stringContaining(actors.admin.user.email) })]);
    expect(typeof res.json.items[0].id).toBe("string");
    expect((await call(auditRoute.GET, "GET", { role: "auditor", query: "?from=yesterday" })).status).toBe(400);
    expect((await call(auditRoute.GET, "GET", { role: "auditor", query: "?from=2030-01-01&to=2020-01-01" })).status).toBe(400);
    expect((await call(auditRoute.GET, "GET", { role: "developer" })).status).toBe(403);
    expect((await call(auditRoute.GET, "GET", {})).status).toBe(401);
  });
});
