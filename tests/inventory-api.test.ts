// The inventory API through its route handlers, authenticated with real personal API tokens:
// statuses, field errors, team scoping, audit in the same transaction, CSV export, and bad
// input that must never give a 500 or write anything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as secretsRoute from "@/app/api/v1/secrets/route";
import * as secretRoute from "@/app/api/v1/secrets/[id]/route";
import * as bulkRoute from "@/app/api/v1/secrets/bulk/route";
import * as exportRoute from "@/app/api/v1/secrets/export/route";
import * as jobRoute from "@/app/api/v1/jobs/[id]/route";
import { db } from "@/lib/db";
import { createApiToken } from "@/lib/domain/tokens/service";
import { makeActor, makeBackend, makeTeam, uid } from "@/lib/testing/fixtures";
import type { TRole } from "@/lib/authz/permissions";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (req: Request, ctx: { params: Promise<any> }) => Promise<Response>;

const tag = `api${uid()}`;
let teamA: { id: string; slug: string };
let teamB: { id: string; slug: string };
let backendId: string;
const tokens: Partial<Record<TRole, string>> = {};

async function call(
  handler: Handler,
  method: string,
  opts: { role?: TRole; body?: unknown; raw?: string; params?: object; query?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { "content-type": "application/json", ...opts.headers };
  if (opts.role) headers.authorization = `Bearer ${tokens[opts.role]}`;
  const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const res = await handler(new Request(`http://test/api/v1/secrets${opts.query ?? ""}`, { method, headers, body }), {
    params: Promise.resolve(opts.params ?? {}),
  });
  const text = await res.text();
  let json: any = null; // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, json, text, headers: res.headers };
}

const secretCount = () => db.secret.count({ where: { name: { startsWith: tag } } });

beforeAll(async () => {
  teamA = await makeTeam();
  teamB = await makeTeam();
  backendId = (await makeBackend("aws_sm")).id;
  const teamsOf: Record<TRole, string[]> = {
    admin: [],
    security: [],
    app_owner: [teamA.id],
    developer: [teamA.id],
    auditor: [],
    manager: [teamB.id],
  };
  for (const role of Object.keys(teamsOf) as TRole[]) {
    const { actor } = await makeActor(role, teamsOf[role]);
    tokens[role] = (await createApiToken(actor, { name: "inventory-test" })).token;
  }
});
afterAll(() => db.$disconnect());

const body = (over: Record<string, unknown> = {}) => ({
  name: `${tag}-${uid()}`,
  type: "api_key",
  environment: "prod",
  classification: "sensitive",
  backendId,
  ownerTeamId: teamA.id,
  ...over,
});

describe("secrets API", () => {
  it("needs a valid token", async () => {
    expect((await call(secretsRoute.GET, "GET")).status).toBe(401);
    expect((await call(secretsRoute.GET, "GET", { headers: { authorization: "Bearer kw_pat_nope" } })).status).toBe(401);
    expect((await call(secretsRoute.GET, "GET", { headers: { authorization: "Basic abc" } })).status).toBe(401);
  });

  it("creates (201), reads, updates and deletes a secret, each change audited", async () => {
    const created = await call(secretsRoute.POST, "POST", { role: "app_owner", body: body({ rotationPeriodDays: 90, tags: ["x"] }) });
    expect(created.status).toBe(201);
    const id = created.json.id;
    expect(created.json).toMatchObject({ vaulted: true, environment: "prod", ownerTeam: { id: teamA.id } });
    expect(created.json.path).toBe(`prod/${teamA.slug}/shared/${created.json.name}`);
    expect(await db.auditEvent.count({ where: { targetId: id, action: "secret.create" } })).toBe(1);

    const got = await call(secretRoute.GET, "GET", { role: "developer", params: { id } });
    expect(got.status).toBe(200);
    expect(got.json.auditEvents.map((e: { action: string }) => e.action)).toEqual(["secret.create"]);

    const patched = await call(secretRoute.PATCH, "PATCH", { role: "app_owner", params: { id }, body: { status: "deprecated", expiresAt: "2030-01-01" } });
    expect(patched.status).toBe(200);
    expect(patched.json.status).toBe("deprecated");
    expect(patched.json.expiresAt).toBe("2030-01-01T00:00:00.000Z");
    const ev = await db.auditEvent.findFirst({ where: { targetId: id, action: "secret.update" } });
    expect(ev?.before).toEqual({ status: "active", expiresAt: null });
    expect(ev?.after).toEqual({ status: "deprecated", expiresAt: "2030-01-01T00:00:00.000Z" });

    expect((await call(secretRoute.DELETE, "DELETE", { role: "developer", params: { id } })).status).toBe(403);
    expect((await call(secretRoute.DELETE, "DELETE", { role: "manager", params: { id } })).status).toBe(403);
    const del = await call(secretRoute.DELETE, "DELETE", { role: "app_owner", params: { id } });
    expect(del.status).toBe(204);
    expect(await db.secret.findUnique({ where: { id } })).toBeNull();
    expect(await db.auditEvent.count({ where: { targetId: id, action: "secret.delete" } })).toBe(1);
    expect((await call(secretRoute.GET, "GET", { role: "admin", params: { id } })).status).toBe(404);
  });

  it("lists with the console's query parameters, scoped to the caller's teams", async () => {
    const t = `${tag}l${uid()}`;
    for (const [i, team] of [teamA, teamA, teamB].entries()) {
      const r = await call(secretsRoute.POST, "POST", { role: "admin", body: body({ name: `${t}-${i}`, ownerTeamId: team.id, environment: i === 1 ? "dev" : "prod" }) });
      expect(r.status).toBe(201);
    }
    const all = await call(secretsRoute.GET, "GET", { role: "auditor", query: `?q=${t}&sort=name&order=desc` });
    expect(all.status).toBe(200);
    expect(all.json.rows.map((r: { name: string }) => r.name)).toEqual([`${t}-2`, `${t}-1`, `${t}-0`]);
    expect(all.json).toMatchObject({ total: 3, totalExact: true, page: 1, pageSize: 50 });

    const dev = await call(secretsRoute.GET, "GET", { role: "developer", query: `?q=${t}&sort=name` });
    expect(dev.json.rows.map((r: { name: string }) => r.name)).toEqual([`${t}-0`, `${t}-1`]);
    const manager = await call(secretsRoute.GET, "GET", { role: "manager", query: `?q=${t}` });
    expect(manager.json.rows.map((r: { name: string }) => r.name)).toEqual([`${t}-2`]);

    const filtered = await call(secretsRoute.GET, "GET", { role: "admin", query: `?q=${t}&environment=prod&ownerTeamId=${teamA.id}&ownerTeamId=${teamB.id}&pageSize=1&page=2&sort=name` });
    expect(filtered.json.rows.map((r: { name: string }) => r.name)).toEqual([`${t}-2`]);
    expect(filtered.json).toMatchObject({ total: 2, pageCount: 2, hasMore: false });
  });

  it("answers bad input with 4xx and field errors, and writes nothing", async () => {
    const before = await secretCount();
    const cases: Array<[Handler, string, Parameters<typeof call>[2], number]> = [
      [secretsRoute.POST, "POST", { role: "admin", raw: "{not json" }, 400],
      [secretsRoute.POST, "POST", { role: "admin", raw: "" }, 400],
      [secretsRoute.POST, "POST", { role: "admin", body: [] }, 400],
      [secretsRoute.POST, "POST", { role: "admin", body: null }, 400],
      [secretsRoute.POST, "POST", { role: "admin", body: "text" }, 400],
      [secretsRoute.POST, "POST", { role: "admin", body: body({ type: 5 }) }, 400],
      [secretsRoute.POST, "POST", { role: "admin", body: body({ environment: "moon" }) }, 400],
      [secretsRoute.POST, "POST", { role: "admin", body: body({ dynamic: "yes" }) }, 400],
      [secretsRoute.POST, "POST", { role: "admin", body: body({ tags: "a,b" }) }, 400],
      [secretsRoute.POST, "POST", { role: "admin", body: body({ expiresAt: "tomorrow" }) }, 400],
      [secretsRoute.POST, "POST", { role: "admin", body: body({ value: "hunter2" }) }, 400],
      [secretsRoute.POST, "POST", { role: "admin", body: body({ backendId: "00000000-0000-4000-8000-000000000000" }) }, 400],
      [secretsRoute.POST, "POST", { role: "admin", body: body({ name: "x".repeat(300) }) }, 400],
      [secretsRoute.POST, "POST", { role: "admin", raw: JSON.stringify(body({ description: "x".repeat(300 * 1024) })) }, 413],
      [secretsRoute.POST, "POST", { role: "developer", body: body({ ownerTeamId: teamB.id }) }, 403],
      [secretsRoute.POST, "POST", { role: "auditor", body: body() }, 403],
      [secretRoute.GET, "GET", { role: "admin", params: { id: "not-a-uuid" } }, 400],
      [secretRoute.GET, "GET", { role: "admin", params: { id: "00000000-0000-4000-8000-000000000000" } }, 404],
      [secretRoute.PATCH, "PATCH", { role: "admin", params: { id: "'; drop table" }, body: {} }, 400],
      [secretRoute.PATCH, "PATCH", { role: "admin", params: { id: "00000000-0000-4000-8000-000000000000" }, body: { status: "revoked" } }, 404],
      [secretRoute.DELETE, "DELETE", { role: "admin", params: { id: "123" } }, 400],
      [secretsRoute.GET, "GET", { role: "admin", query: "?pageSize=100000" }, 400],
      [secretsRoute.GET, "GET", { role: "admin", query: "?page=-1" }, 400],
      [secretsRoute.GET, "GET", { role: "admin", query: "?sort=secretValue" }, 400],
      [secretsRoute.GET, "GET", { role: "admin", query: "?type=bogus" }, 400],
      [secretsRoute.GET, "GET", { role: "admin", query: "?ownerTeamId=abc" }, 400],
      [secretsRoute.GET, "GET", { role: "admin", query: `?q=${"x".repeat(500)}` }, 400],
      [secretsRoute.GET, "GET", { role: "admin", query: "?unknown=1" }, 400],
      [bulkRoute.POST, "POST", { role: "admin", body: { ids: ["x"], classification: "standard" } }, 400],
      [bulkRoute.POST, "POST", { role: "admin", body: { ids: [] } }, 400],
      [bulkRoute.POST, "POST", { role: "admin", raw: "[1," }, 400],
      [exportRoute.GET, "GET", { role: "admin", query: "?status=gone" }, 400],
      [exportRoute.GET, "GET", { role: "developer" }, 403],
      [jobRoute.GET, "GET", { role: "admin", params: { id: "nope" } }, 400],
      [jobRoute.GET, "GET", { role: "admin", params: { id: "00000000-0000-4000-8000-000000000000" } }, 404],
    ];
    for (const [handler, method, opts, status] of cases) {
      const res = await call(handler, method, opts);
      expect({ method, opts: JSON.stringify(opts).slice(0, 120), status: res.status }).toEqual({ method, opts: JSON.stringify(opts).slice(0, 120), status });
      expect(res.json?.error?.code).toBeTruthy();
      expect(res.json.error.message).not.toMatch(/prisma|postgres|stack/i);
    }
    const typed = await call(secretsRoute.POST, "POST", { role: "admin", body: body({ type: 5, rotationPeriodDays: "x", extra: true }) });
    expect(typed.json.error.fields).toHaveProperty("type");
    expect(typed.json.error.fields).toHaveProperty("rotationPeriodDays");
    expect(typed.json.error.fields._.join(" ")).toMatch(/extra/);
    const unknownBackend = await call(secretsRoute.POST, "POST", { role: "admin", body: body({ backendId: "00000000-0000-4000-8000-000000000000" }) });
    expect(unknownBackend.json.error.fields).toEqual({ backendId: ["No such backend."] });
    expect(await secretCount()).toBe(before);
  });

  it("bulk-updates all or nothing", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await call(secretsRoute.POST, "POST", { role: "admin", body: body() })).json.id);
    const res = await call(bulkRoute.POST, "POST", { role: "app_owner", body: { ids, classification: "highly_sensitive" } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ updated: 3, selected: 3 });
    const moved = await call(bulkRoute.POST, "POST", { role: "app_owner", body: { ids, ownerTeamId: teamB.id } });
    expect(moved.status).toBe(403);
    expect(await db.secret.count({ where: { id: { in: ids }, ownerTeamId: teamA.id, classification: "highly_sensitive" } })).toBe(3);
  });

  it("exports the filtered rows as CSV", async () => {
    const t = `${tag}e${uid()}`;
    for (let i = 0; i < 3; i++) await call(secretsRoute.POST, "POST", { role: "admin", body: body({ name: `${t}-${i}`, description: i ? "ok" : "@cmd, with comma" }) });
    const res = await call(exportRoute.GET, "GET", { role: "auditor", query: `?q=${t}&sort=name&order=desc&page=1&pageSize=1` });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="keyward-secrets-.*\.csv"/);
    const lines = res.text.trimEnd().split("\r\n");
    expect(lines).toHaveLength(4); // header + all three rows, though the query names page 1 of size 1
    expect(lines[1]).toContain(`"'@cmd, with comma"`);
  });

  it("reports a job run's progress to whoever may run hygiene", async () => {
    const run = await db.jobRun.create({ data: { kind: "inventory.hygiene", status: "running", progress: 5, total: 10 } });
    const res = await call(jobRoute.GET, "GET", { role: "security", params: { id: run.id } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: run.id, status: "running", progress: 5, total: 10 });
    expect((await call(jobRoute.GET, "GET", { role: "developer", params: { id: run.id } })).status).toBe(404);
  });
});
