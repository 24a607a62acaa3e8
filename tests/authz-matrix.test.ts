// The authorization matrix: every API route under app/api/v1 and every server action in
// app/**/actions.ts, called as each of the six roles and without authentication. The expected
// outcome comes from lib/authz/permissions.ts (scopeOf), never from a hand-written list, plus
// team-scope cases: a team-scoped role acting on another team's resource is refused.
//
// Routes are called directly (`GET(new Request(...), { params })`) with a real personal API
// token per role. Server actions read their actor from requireActor() (the session); here that
// one function is replaced by vi.mock with the role's actor, so the real action code runs
// (form parsing, domain call, redirect) with only the actor source swapped. A route file or
// action without an entry below fails the test.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const current = vi.hoisted(() => ({ actor: null as null | Record<string, unknown> }));
vi.mock("@/lib/actor", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/actor")>();
  const { AppError } = await import("@/lib/errors");
  const requireActor = async () => {
    if (!current.actor) throw new AppError("unauthenticated", "Sign in to continue.");
    return current.actor;
  };
  return { ...real, requireActor, getActor: async () => current.actor };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined, updateTag: () => undefined }));

import "@/lib/domain/vault/testing"; // the vault's test root key, before any vault module loads
import { systemActor, type Actor } from "@/lib/authz/authorize";
import { roles, scopeOf, type TPermission, type TRole } from "@/lib/authz/permissions";
import { db } from "@/lib/db";
import { createApiToken } from "@/lib/domain/tokens/service";
import { actorOf, makeBackend, makeTeam, makeUser, uid } from "@/lib/testing/fixtures";
import type { TActionResult } from "@/lib/form-action";
import { routeFiles, serverActions } from "./route-files";

type Principal = { role: TRole; actor: Actor; token: string; userId: string };
type Call = { params?: Record<string, string>; body?: unknown; query?: string; headers?: Record<string, string> };
type RouteCase = {
  perm: TPermission | "public";
  /** A request whose target belongs to the caller's own team (allowed when the role has the permission). */
  call: (p: Principal) => Promise<Call>;
  /** The same request on another team's resource, for roles whose scope is "team". */
  otherTeam?: (p: Principal) => Promise<Call>;
  /** Overrides the table-derived expectation (documented where used). */
  allowed?: (role: TRole) => boolean;
  deniedStatus?: number[];
};
type ActionCase = {
  perm: TPermission;
  run: (p: Principal | null) => Promise<TActionResult>;
  otherTeam?: (p: Principal) => Promise<TActionResult>;
};

// --- fixtures -------------------------------------------------------------------------------

let teamA: string; // every principal's team
let teamB: string; // someone else's team
let backendId: string;
let secretA: string;
let secretAProd: string;
let secretB: string;
let secretBValue: string; // another team's secret with a value and grants for every principal
let appA: string;
let appB: string;
let jobRunId: string;
const principals = {} as Record<TRole, Principal>;

const newSecret = async (ownerTeamId: string | null, environment: "dev" | "prod" = "dev") =>
  (
    await db.secret.create({
      data: { name: `m-${uid()}`, path: `${environment}/matrix/${uid()}/${uid()}`, type: "password", environment, classification: "standard", ownerTeamId, backendId, vaulted: true },
    })
  ).id;
const newApp = async (ownerTeamId: string | null) => (await db.application.create({ data: { name: `app-${uid()}`, slug: `app-${uid()}`, ownerTeamId } })).id;
const newTeam = async () => (await makeTeam()).id;
const newBackend = async () => (await makeBackend()).id;
const newUser = async () => (await makeUser("developer", [teamA])).id;
// Discovery fixtures: a finding owned by a team, a connector (file system: runs and tests need no service).
const newFinding = async (ownerTeamId: string | null) =>
  (
    await db.finding.create({
      data: { fingerprint: randomBytes(32).toString("hex"), ruleId: "matrix-rule", severity: "high", secretType: "api-key", preview: "mtx…", ownerTeamId, repository: "matrix-repo" },
    })
  ).id;
/** A CI upload of one finding for the team's repository. */
const scanUpload = (ownerTeamId: string) => ({
  repository: { name: `matrix/ci-${uid()}` },
  commit: "c0ffee1",
  ownerTeamId,
  findings: [{ ruleId: "matrix-rule", severity: "high", secretType: "api-key", file: "app/.env", line: 1, fingerprint: randomBytes(32).toString("hex"), preview: "mtx…" }],
});
// No worker runs here, so a verification the matrix requests stays queued; it is marked done
// before the same person asks again, or the request would be refused as still under way.
const noVerificationUnderWay = (p: Principal) =>
  db.jobRun.updateMany({ where: { kind: { in: ["audit.verify", "audit.anchor"] }, requestedById: p.userId, status: "queued" }, data: { status: "failed", finishedAt: new Date(), message: "authorization matrix: not run" } });
/** A well-formed anchor (an event id and a hash noted for it); whether it matches does not matter here. */
const anchor = { eventId: "1", hash: `sha256:${"0".repeat(64)}` };
const newConnector = async () => (await db.connector.create({ data: { kind: "filesystem", name: `conn-${uid()}`, config: { paths: ["/tmp"] } } })).id;

beforeAll(async () => {
  teamA = await newTeam();
  teamB = await newTeam();
  backendId = await newBackend();
  for (const role of roles) {
    const user = await makeUser(role, [teamA]);
    const actor = actorOf(user, [teamA]);
    principals[role] = { role, actor, userId: user.id, token: (await createApiToken(actor, { name: "matrix" })).token };
  }
  secretA = await newSecret(teamA);
  secretAProd = await newSecret(teamA, "prod");
  secretB = await newSecret(teamB);
  appA = await newApp(teamA);
  appB = await newApp(teamB);
  jobRunId = (await db.jobRun.create({ data: { kind: "inventory.hygiene" } })).id;
  // Stored values and an explicit read grant per person, so value reads test the role, not the grant.
  const { putSecretValue } = await import("@/lib/domain/vault/service");
  const { createGrant } = await import("@/lib/domain/vault/access");
  secretBValue = await newSecret(teamB);
  for (const id of [secretA, secretAProd, secretBValue]) await putSecretValue(systemActor("matrix"), { secretId: id, value: `matrix-${uid()}` }, "api");
  for (const p of Object.values(principals)) {
    for (const id of [secretA, secretAProd, secretBValue])
      await createGrant(systemActor("matrix"), { principalType: "user", principalId: p.userId, secretId: id, capabilities: ["read"], reason: "authorization matrix" });
  }
});
afterAll(() => db.$disconnect());

// --- routes -------------------------------------------------------------------------------------

const id = (value: string) => ({ params: { id: value } });
const routes: Record<string, RouteCase> = {
  "GET /api/v1/openapi.json": { perm: "public", call: async () => ({}) },

  "GET /api/v1/teams": { perm: "team:read", call: async () => ({ query: "?pageSize=5" }) },
  "POST /api/v1/teams": { perm: "team:write", call: async () => ({ body: { name: `team ${uid()}` } }) },
  "GET /api/v1/teams/{id}": { perm: "team:read", call: async () => id(teamA) },
  "PATCH /api/v1/teams/{id}": { perm: "team:write", call: async () => ({ ...id(await newTeam()), body: { description: "matrix" } }) },
  "DELETE /api/v1/teams/{id}": { perm: "team:write", call: async () => id(await newTeam()) },

  "GET /api/v1/applications": { perm: "application:read", call: async () => ({}) },
  "POST /api/v1/applications": {
    perm: "application:write",
    call: async () => ({ body: { name: `app ${uid()}`, ownerTeamId: teamA } }),
    otherTeam: async () => ({ body: { name: `app ${uid()}`, ownerTeamId: teamB } }),
  },
  "GET /api/v1/applications/{id}": { perm: "application:read", call: async () => id(appA) },
  "PATCH /api/v1/applications/{id}": {
    perm: "application:write",
    call: async () => ({ ...id(appA), body: { description: "matrix" } }),
    otherTeam: async () => ({ ...id(appB), body: { description: "matrix" } }),
  },
  "DELETE /api/v1/applications/{id}": {
    perm: "application:write",
    call: async () => id(await newApp(teamA)),
    otherTeam: async () => id(await newApp(teamB)),
  },

  "GET /api/v1/backends": { perm: "backend:read", call: async () => ({}) },
  "POST /api/v1/backends": { perm: "backend:write", call: async () => ({ body: { name: `be ${uid()}`, kind: "keyward" } }) },
  "GET /api/v1/backends/{id}": { perm: "backend:read", call: async () => id(backendId) },
  "PATCH /api/v1/backends/{id}": { perm: "backend:write", call: async () => ({ ...id(await newBackend()), body: { description: "matrix" } }) },
  "DELETE /api/v1/backends/{id}": { perm: "backend:write", call: async () => id(await newBackend()) },

  "GET /api/v1/users": { perm: "user:read", call: async () => ({}) },
  "POST /api/v1/users": { perm: "user:manage", call: async () => ({ body: { email: `inv-${uid()}@example.test`, name: "Invited", role: "developer" } }) },
  "GET /api/v1/users/{id}": { perm: "user:read", call: async (p) => id(p.userId) },
  "PATCH /api/v1/users/{id}": { perm: "user:manage", call: async () => ({ ...id(await newUser()), body: { name: "Renamed" } }) },
  "DELETE /api/v1/users/{id}": { perm: "user:manage", call: async () => id(await newUser()) },

  "GET /api/v1/tokens": { perm: "token:own", call: async () => ({}) },
  // A token cannot mint tokens (createApiToken needs a signed-in person): refused for every
  // role when called with a bearer token, as this matrix does.
  "POST /api/v1/tokens": { perm: "token:own", allowed: () => false, call: async () => ({ body: { name: "child" } }) },
  "DELETE /api/v1/tokens/{id}": {
    perm: "token:own",
    call: async (p) => id((await createApiToken(p.actor, { name: "to-revoke" })).id),
  },

  "GET /api/v1/audit": { perm: "audit:read", call: async () => ({ query: "?pageSize=5" }) },
  "GET /api/v1/audit/verify": { perm: "audit:read", call: async () => ({}) },
  "POST /api/v1/audit/verify": {
    perm: "audit:read",
    call: async (p) => {
      await noVerificationUnderWay(p);
      return { body: { mode: "incremental" } };
    },
  },
  "POST /api/v1/audit/anchor": {
    perm: "audit:read",
    call: async (p) => {
      await noVerificationUnderWay(p);
      return { body: anchor };
    },
  },

  "GET /api/v1/secrets": { perm: "secret:read", call: async () => ({ query: "?pageSize=5" }) },
  "POST /api/v1/secrets": {
    perm: "secret:create",
    call: async () => ({ body: { name: `s-${uid()}`, type: "password", environment: "dev", classification: "standard", ownerTeamId: teamA, backendId } }),
    otherTeam: async () => ({ body: { name: `s-${uid()}`, type: "password", environment: "dev", classification: "standard", ownerTeamId: teamB, backendId } }),
  },
  "GET /api/v1/secrets/{id}": { perm: "secret:read", call: async () => id(secretA), otherTeam: async () => id(secretB) },
  "PATCH /api/v1/secrets/{id}": {
    perm: "secret:update",
    call: async () => ({ ...id(secretA), body: { description: "matrix" } }),
    otherTeam: async () => ({ ...id(secretB), body: { description: "matrix" } }),
  },
  "DELETE /api/v1/secrets/{id}": {
    perm: "secret:delete",
    call: async () => id(await newSecret(teamA)),
    otherTeam: async () => id(await newSecret(teamB)),
  },
  "POST /api/v1/secrets/bulk": {
    perm: "secret:update",
    call: async () => ({ body: { ids: [secretA], classification: "standard" } }),
    otherTeam: async () => ({ body: { ids: [secretB], classification: "standard" } }),
  },
  "GET /api/v1/secrets/export": { perm: "secret:export", call: async () => ({ query: `?ownerTeamId=${teamA}` }) },

  "POST /api/v1/jobs/hygiene": { perm: "hygiene:run", call: async () => ({}) },
  // Someone else's job run is "not found" (not "forbidden") for roles without hygiene:run.
  "GET /api/v1/jobs/{id}": { perm: "hygiene:run", call: async () => id(jobRunId), deniedStatus: [404] },

  // Value reads need the role's permission AND an explicit grant (every principal has one on
  // secretA/secretAProd, see beforeAll); developers hold no prod read permission at all.
  "GET /api/v1/secrets/value": {
    perm: "secret:value_read",
    call: async () => ({ query: `?id=${secretA}`, headers: { "x-keyward-reason": "authorization matrix" } }),
    // Granted too, so only the team scope decides.
    otherTeam: async () => ({ query: `?id=${secretBValue}`, headers: { "x-keyward-reason": "authorization matrix" } }),
    deniedStatus: [403, 404],
  },
  "PUT /api/v1/secrets/value": {
    perm: "secret:value_write",
    call: async () => ({ body: { secretId: secretA, value: `v-${uid()}` } }),
    otherTeam: async () => ({ body: { secretId: secretB, value: `v-${uid()}` } }),
    deniedStatus: [403, 404],
  },
  "POST /api/v1/secrets/value": {
    perm: "secret:value_write",
    call: async () => ({ body: { secretId: secretA, value: `v-${uid()}` } }),
    otherTeam: async () => ({ body: { secretId: secretB, value: `v-${uid()}` } }),
    deniedStatus: [403, 404],
  },

  "GET /api/v1/findings": { perm: "finding:read", call: async () => ({ query: "?pageSize=5&groupBy=repository" }) },
  "GET /api/v1/findings/{id}": { perm: "finding:read", call: async () => id(await newFinding(teamA)), otherTeam: async () => id(await newFinding(teamB)) },
  "POST /api/v1/findings/triage": {
    perm: "finding:triage",
    call: async () => ({ body: { ids: [await newFinding(teamA)], status: "false_positive", note: "matrix" } }),
    otherTeam: async () => ({ body: { ids: [await newFinding(teamB)], status: "triaged" } }),
  },
  // Also needs secret:create, which every role holding finding:triage has (app owners for their teams).
  "POST /api/v1/findings/migrate": {
    perm: "finding:triage",
    call: async () => ({ body: { ids: [await newFinding(teamA)], environment: "dev" } }),
    otherTeam: async () => ({ body: { ids: [await newFinding(teamB)], environment: "dev" } }),
  },
  "POST /api/v1/discovery/scans": {
    perm: "finding:upload",
    call: async () => ({ body: scanUpload(teamA) }),
    otherTeam: async () => ({ body: scanUpload(teamB) }),
  },
  "GET /api/v1/discovery/fingerprint-key": { perm: "finding:upload", call: async () => ({}) },
  "GET /api/v1/connectors": { perm: "connector:read", call: async () => ({}) },
  "POST /api/v1/connectors": { perm: "connector:write", call: async () => ({ body: { kind: "filesystem", name: `c-${uid()}`, config: { paths: ["/tmp"] } } }) },
  "GET /api/v1/connectors/{id}": { perm: "connector:read", call: async () => id(await newConnector()) },
  "PATCH /api/v1/connectors/{id}": { perm: "connector:write", call: async () => ({ ...id(await newConnector()), body: { description: "matrix" } }) },
  "DELETE /api/v1/connectors/{id}": { perm: "connector:write", call: async () => id(await newConnector()) },
  "POST /api/v1/connectors/{id}/runs": { perm: "connector:write", call: async () => id(await newConnector()) },
  "POST /api/v1/connectors/{id}/test": { perm: "connector:write", call: async () => id(await newConnector()) },
};

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const modules = new Map<string, Record<string, Handler>>();

async function invoke(file: string, method: string, c: Call, token: string | null) {
  if (!modules.has(file)) modules.set(file, await import(/* @vite-ignore */ file));
  const handler = modules.get(file)![method];
  const headers: Record<string, string> = { "content-type": "application/json", ...c.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  const req = new Request(`http://matrix.test/x${c.query ?? ""}`, { method, headers, body: c.body === undefined ? undefined : JSON.stringify(c.body) });
  const res = await handler(req, { params: Promise.resolve(c.params ?? {}) });
  const text = await res.text();
  return { status: res.status, text };
}

const expectedAllowed = (perm: RouteCase["perm"], role: TRole) => perm === "public" || scopeOf(role, perm) !== null;

describe("authorization matrix: API routes", () => {
  const files = routeFiles();

  it("has an entry for every route and method under app/api/v1 (and none for routes that do not exist)", () => {
    const found = files.flatMap((f) => f.methods.map((m) => `${m} ${f.path}`));
    expect(found.filter((k) => !routes[k]), "add these to tests/authz-matrix.test.ts").toEqual([]);
    expect(Object.keys(routes).filter((k) => !found.includes(k)), "entries without a route").toEqual([]);
  });

  for (const f of files) {
    for (const method of f.methods) {
      const key = `${method} ${f.path}`;
      it(`${key}: each role per permissions.ts; 401 without authentication`, async () => {
        const rc = routes[key];
        expect(rc, `no matrix entry for ${key}`).toBeDefined();
        const outcomes: string[] = [];
        for (const role of roles) {
          const p = principals[role];
          const allowed = rc.allowed ? rc.allowed(role) : expectedAllowed(rc.perm, role);
          const { status, text } = await invoke(f.file, method, await rc.call(p), p.token);
          const ok = allowed ? status >= 200 && status < 300 : (rc.deniedStatus ?? [403]).includes(status);
          if (!ok) outcomes.push(`${role}: expected ${allowed ? "2xx" : (rc.deniedStatus ?? [403]).join("/")}, got ${status} ${text.slice(0, 200)}`);
          expect(status, `${key} as ${role}`).not.toBe(500);
        }
        const anon = await invoke(f.file, method, await rc.call(principals.admin), null);
        if (rc.perm === "public") expect(anon.status).toBe(200);
        else if (anon.status !== 401) outcomes.push(`unauthenticated: expected 401, got ${anon.status}`);
        expect(outcomes).toEqual([]);
      });
      const rc = routes[key];
      if (rc?.otherTeam && rc.perm !== "public") {
        it(`${key}: team-scoped roles are refused on another team's resource`, async () => {
          const teamScoped = roles.filter((r) => scopeOf(r, rc.perm as TPermission) === "team");
          expect(teamScoped.length).toBeGreaterThan(0);
          for (const role of teamScoped) {
            const { status } = await invoke(f.file, method, await rc.otherTeam!(principals[role]), principals[role].token);
            expect([403, 404], `${key} on another team as ${role}`).toContain(status);
          }
          // ... while "all"-scoped roles may act on it.
          for (const role of roles.filter((r) => scopeOf(r, rc.perm as TPermission) === "all")) {
            const { status } = await invoke(f.file, method, await rc.otherTeam!(principals[role]), principals[role].token);
            expect(status, `${key} on another team as ${role}`).toBeLessThan(300);
          }
        });
      }
    }
  }

  it("value reads: no grant, no value; developers never read prod values back", async () => {
    const file = files.find((f) => f.path === "/api/v1/secrets/value")!.file;
    const ungranted = await newSecret(teamA);
    const { putSecretValue } = await import("@/lib/domain/vault/service");
    await putSecretValue(systemActor("matrix"), { secretId: ungranted, value: "no-grant" }, "api");
    for (const role of roles) {
      const { status } = await invoke(file, "GET", { query: `?id=${ungranted}`, headers: { "x-keyward-reason": "authorization matrix" } }, principals[role].token);
      expect(status, `read without grant as ${role}`).toBe(403);
    }
    const prod = await invoke(file, "GET", { query: `?id=${secretAProd}`, headers: { "x-keyward-reason": "authorization matrix" } }, principals.developer.token);
    expect(prod.status).toBe(403);
    const write = await invoke(file, "PUT", { body: { secretId: secretAProd, value: `v-${uid()}` } }, principals.developer.token);
    expect(write.status).toBe(201);
    const own = await invoke(file, "GET", { query: `?id=${secretAProd}`, headers: { "x-keyward-reason": "authorization matrix" } }, principals.app_owner.token);
    expect(own.status).toBe(200);
  });

  it("a token can only revoke its owner's tokens", async () => {
    const file = files.find((f) => f.path === "/api/v1/tokens/{id}")!.file;
    const other = await createApiToken(principals.developer.actor, { name: "not yours" });
    for (const role of roles.filter((r) => r !== "developer")) {
      expect((await invoke(file, "DELETE", id(other.id), principals[role].token)).status).toBe(404);
    }
    expect((await db.apiToken.findUnique({ where: { id: other.id } }))?.revokedAt).toBeNull();
  });
});

// --- server actions -----------------------------------------------------------------------------

function form(values: Record<string, string | string[]>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  return fd;
}

const empty: TActionResult = { ok: false };
/** Runs an action as `p` (null: signed out); a redirect after success counts as success. */
async function as(p: Principal | null, fn: () => Promise<TActionResult>): Promise<TActionResult> {
  current.actor = p ? p.actor : null;
  try {
    return await fn();
  } catch (e) {
    if (String((e as { digest?: string }).digest ?? "").startsWith("NEXT_REDIRECT")) return { ok: true };
    throw e;
  } finally {
    current.actor = null;
  }
}

const mod = async <T>(dir: string): Promise<T> => (await import(/* @vite-ignore */ `@/app/${dir}/actions`)) as T;
type Fn = (...args: any[]) => Promise<TActionResult>; // eslint-disable-line @typescript-eslint/no-explicit-any
const action = async (dir: string, name: string) => (await mod<Record<string, Fn>>(dir))[name];

const secretForm = (ownerTeamId: string) => ({
  name: `s-${uid()}`, description: "", type: "password", environment: "dev", classification: "standard", status: "active",
  ownerTeamId, backendId, externalRef: "", rotationPeriodDays: "", lastRotatedAt: "", expiresAt: "", tags: "",
});

const actions: Record<string, ActionCase> = {
  "(console)/teams#createTeamAction": { perm: "team:write", run: async (p) => as(p, async () => (await action("(console)/teams", "createTeamAction"))(empty, form({ name: `t ${uid()}` }))) },
  "(console)/teams#updateTeamAction": {
    perm: "team:write",
    run: async (p) => {
      const t = await makeTeam();
      return as(p, async () => (await action("(console)/teams", "updateTeamAction"))(t.id, empty, form({ name: t.name, slug: t.slug, description: "m", managerId: "" })));
    },
  },
  "(console)/teams#deleteTeamAction": { perm: "team:write", run: async (p) => { const t = await newTeam(); return as(p, async () => (await action("(console)/teams", "deleteTeamAction"))(t, empty, form({}))); } },

  "(console)/applications#createApplicationAction": {
    perm: "application:write",
    run: async (p) => as(p, async () => (await action("(console)/applications", "createApplicationAction"))(empty, form({ name: `a ${uid()}`, description: "", ownerTeamId: teamA, environments: ["dev"] }))),
    otherTeam: async (p) => as(p, async () => (await action("(console)/applications", "createApplicationAction"))(empty, form({ name: `a ${uid()}`, description: "", ownerTeamId: teamB }))),
  },
  "(console)/applications#updateApplicationAction": {
    perm: "application:write",
    run: async (p) => {
      const a = await db.application.findUniqueOrThrow({ where: { id: await newApp(teamA) } });
      return as(p, async () => (await action("(console)/applications", "updateApplicationAction"))(a.id, empty, form({ name: a.name, slug: a.slug, description: "m", ownerTeamId: teamA })));
    },
    otherTeam: async (p) => {
      const a = await db.application.findUniqueOrThrow({ where: { id: await newApp(teamB) } });
      return as(p, async () => (await action("(console)/applications", "updateApplicationAction"))(a.id, empty, form({ name: a.name, slug: a.slug, description: "m", ownerTeamId: teamB })));
    },
  },
  "(console)/applications#deleteApplicationAction": {
    perm: "application:write",
    run: async (p) => { const a = await newApp(teamA); return as(p, async () => (await action("(console)/applications", "deleteApplicationAction"))(a, empty, form({}))); },
    otherTeam: async (p) => { const a = await newApp(teamB); return as(p, async () => (await action("(console)/applications", "deleteApplicationAction"))(a, empty, form({}))); },
  },

  "(console)/audit#verifyAuditChainAction": {
    perm: "audit:read",
    run: async (p) => {
      if (p) await noVerificationUnderWay(p);
      return as(p, async () => (await action("(console)/audit", "verifyAuditChainAction"))({ mode: "full" }));
    },
  },
  "(console)/audit#checkAuditAnchorAction": {
    perm: "audit:read",
    run: async (p) => {
      if (p) await noVerificationUnderWay(p);
      return as(p, async () => (await action("(console)/audit", "checkAuditAnchorAction"))(anchor));
    },
  },

  "(console)/backends#createBackendAction": { perm: "backend:write", run: async (p) => as(p, async () => (await action("(console)/backends", "createBackendAction"))(empty, form({ name: `b ${uid()}`, kind: "keyward", description: "" }))) },
  "(console)/backends#updateBackendAction": { perm: "backend:write", run: async (p) => { const b = await makeBackend(); return as(p, async () => (await action("(console)/backends", "updateBackendAction"))(b.id, empty, form({ name: b.name, description: "m" }))); } },
  "(console)/backends#deleteBackendAction": { perm: "backend:write", run: async (p) => { const b = await newBackend(); return as(p, async () => (await action("(console)/backends", "deleteBackendAction"))(b, empty, form({}))); } },

  "(console)/settings/users#inviteUserAction": { perm: "user:manage", run: async (p) => as(p, async () => (await action("(console)/settings/users", "inviteUserAction"))(empty, form({ email: `i-${uid()}@example.test`, name: "I", role: "auditor" }))) },
  "(console)/settings/users#setUserRoleAction": { perm: "user:manage", run: async (p) => { const u = await newUser(); return as(p, async () => (await action("(console)/settings/users", "setUserRoleAction"))(u, empty, form({ role: "auditor" }))); } },
  "(console)/settings/users#setUserTeamsAction": { perm: "user:manage", run: async (p) => { const u = await newUser(); return as(p, async () => (await action("(console)/settings/users", "setUserTeamsAction"))(u, empty, form({ teamIds: [teamB] }))); } },
  "(console)/settings/users#disableUserAction": { perm: "user:manage", run: async (p) => { const u = await newUser(); return as(p, async () => (await action("(console)/settings/users", "disableUserAction"))(u, empty, form({}))); } },
  "(console)/settings/users#enableUserAction": {
    perm: "user:manage",
    run: async (p) => {
      const u = await newUser();
      await db.user.update({ where: { id: u }, data: { status: "disabled" } });
      return as(p, async () => (await action("(console)/settings/users", "enableUserAction"))(u, empty, form({})));
    },
  },

  "(console)/settings/tokens#createTokenAction": { perm: "token:own", run: async (p) => as(p, async () => (await action("(console)/settings/tokens", "createTokenAction"))(empty, form({ name: "ui", expiresInDays: "30" }))) },
  "(console)/settings/tokens#revokeTokenAction": {
    perm: "token:own",
    run: async (p) => {
      const t = await createApiToken((p ?? principals.admin).actor, { name: "ui-revoke" });
      return as(p, async () => (await action("(console)/settings/tokens", "revokeTokenAction"))(t.id, empty, form({})));
    },
  },

  "(console)/inventory#createSecretAction": {
    perm: "secret:create",
    run: async (p) => as(p, async () => (await action("(console)/inventory", "createSecretAction"))(empty, form(secretForm(teamA)))),
    otherTeam: async (p) => as(p, async () => (await action("(console)/inventory", "createSecretAction"))(empty, form(secretForm(teamB)))),
  },
  "(console)/inventory#updateSecretAction": {
    perm: "secret:update",
    run: async (p) => { const s = await newSecret(teamA); return as(p, async () => (await action("(console)/inventory", "updateSecretAction"))(s, empty, form(secretForm(teamA)))); },
    otherTeam: async (p) => { const s = await newSecret(teamB); return as(p, async () => (await action("(console)/inventory", "updateSecretAction"))(s, empty, form(secretForm(teamB)))); },
  },
  "(console)/inventory#deleteSecretAction": {
    perm: "secret:delete",
    run: async (p) => { const s = await newSecret(teamA); return as(p, async () => (await action("(console)/inventory", "deleteSecretAction"))(s, empty, form({}))); },
    otherTeam: async (p) => { const s = await newSecret(teamB); return as(p, async () => (await action("(console)/inventory", "deleteSecretAction"))(s, empty, form({}))); },
  },
  "(console)/inventory#bulkUpdateSecretsAction": {
    perm: "secret:update",
    run: async (p) => { const s = await newSecret(teamA); return as(p, async () => (await action("(console)/inventory", "bulkUpdateSecretsAction"))({ ids: [s], classification: "sensitive" })); },
    otherTeam: async (p) => { const s = await newSecret(teamB); return as(p, async () => (await action("(console)/inventory", "bulkUpdateSecretsAction"))({ ids: [s], classification: "sensitive" })); },
  },

  "(console)/jobs#startHygieneRunAction": {
    perm: "hygiene:run",
    run: async (p) => as(p, async () => (await action("(console)/jobs", "startHygieneRunAction"))()),
  },
  "(console)/findings#triageFindingsAction": {
    perm: "finding:triage",
    run: async (p) => { const f = await newFinding(teamA); return as(p, async () => (await action("(console)/findings", "triageFindingsAction"))({ ids: [f], status: "resolved" })); },
    otherTeam: async (p) => { const f = await newFinding(teamB); return as(p, async () => (await action("(console)/findings", "triageFindingsAction"))({ ids: [f], status: "resolved" })); },
  },
  "(console)/findings#migrateFindingsAction": {
    perm: "finding:triage",
    run: async (p) => { const f = await newFinding(teamA); return as(p, async () => (await action("(console)/findings", "migrateFindingsAction"))({ ids: [f], environment: "dev" })); },
    otherTeam: async (p) => { const f = await newFinding(teamB); return as(p, async () => (await action("(console)/findings", "migrateFindingsAction"))({ ids: [f], environment: "dev" })); },
  },
  "(console)/discovery#createConnectorAction": {
    perm: "connector:write",
    run: async (p) => as(p, async () => (await action("(console)/discovery", "createConnectorAction"))({ kind: "filesystem", name: `c-${uid()}`, config: { paths: ["/tmp"] } })),
  },
  "(console)/discovery#updateConnectorAction": {
    perm: "connector:write",
    run: async (p) => { const c = await newConnector(); return as(p, async () => (await action("(console)/discovery", "updateConnectorAction"))(c, { description: "matrix" })); },
  },
  "(console)/discovery#deleteConnectorAction": {
    perm: "connector:write",
    run: async (p) => { const c = await newConnector(); return as(p, async () => (await action("(console)/discovery", "deleteConnectorAction"))(c)); },
  },
  "(console)/discovery#runConnectorAction": {
    perm: "connector:write",
    run: async (p) => { const c = await newConnector(); return as(p, async () => (await action("(console)/discovery", "runConnectorAction"))(c)); },
  },
  "(console)/discovery#testConnectorAction": {
    perm: "connector:write",
    run: async (p) => { const c = await newConnector(); return as(p, async () => (await action("(console)/discovery", "testConnectorAction"))(c)); },
  },

  // Vault console (app/(console)/vault/actions.ts). Fresh stored values per run, so deletes,
  // destroys and rollbacks of one role never change what the next role is tested on.
  ...vaultActionCases(),
};

async function storedSecret(ownerTeamId: string, values = 1) {
  const { putSecretValue } = await import("@/lib/domain/vault/service");
  const id = await newSecret(ownerTeamId);
  for (let i = 0; i < values; i++) await putSecretValue(systemActor("matrix"), { secretId: id, value: `matrix-${uid()}` }, "api");
  return id;
}

async function identityOf(appId: string) {
  const { createWorkloadIdentity } = await import("@/lib/domain/vault/identities");
  return (await createWorkloadIdentity(systemActor("matrix"), { applicationId: appId, environment: "prod" })).id;
}

/** Runs `fn` with this process in sealed mode (a fresh, sealed keyring), then back to normal. */
async function whileSealed<T>(fn: () => Promise<T>): Promise<T> {
  const { configureSeal } = await import("@/lib/crypto/keyring");
  configureSeal(true);
  try {
    return await fn();
  } finally {
    configureSeal(false);
  }
}

function vaultActionCases(): Record<string, ActionCase> {
  const dir = "(console)/vault";
  const call = (name: string, ...args: unknown[]) => async () => (await action(dir, name))(...args);
  const versionCase = (name: string, prepare?: (secretId: string) => Promise<void>): ActionCase => ({
    perm: "secret:value_destroy",
    run: async (p) => { const s = await storedSecret(teamA, 2); await prepare?.(s); return as(p, call(name, s, 1, empty, form({}))); },
    otherTeam: async (p) => { const s = await storedSecret(teamB, 2); await prepare?.(s); return as(p, call(name, s, 1, empty, form({}))); },
  });
  const softDelete = async (secretId: string) => {
    const { softDeleteVersions } = await import("@/lib/domain/vault/service");
    await softDeleteVersions(systemActor("matrix"), { secretId, versions: [1] });
  };
  return {
    [`${dir}#revealSecretValueAction`]: {
      perm: "secret:value_read",
      run: async (p) => as(p, call("revealSecretValueAction", secretA, 1, "authorization matrix")),
      otherTeam: async (p) => as(p, call("revealSecretValueAction", secretBValue, 1, "authorization matrix")),
    },
    [`${dir}#putSecretValueAction`]: {
      perm: "secret:value_write",
      run: async (p) => as(p, call("putSecretValueAction", secretA, empty, form({ value: `v-${uid()}`, stage: "current" }))),
      otherTeam: async (p) => as(p, call("putSecretValueAction", secretB, empty, form({ value: `v-${uid()}`, stage: "current" }))),
    },
    [`${dir}#rollbackSecretAction`]: versionCase("rollbackSecretAction"),
    [`${dir}#softDeleteVersionAction`]: versionCase("softDeleteVersionAction"),
    [`${dir}#recoverVersionAction`]: versionCase("recoverVersionAction", softDelete),
    [`${dir}#destroyVersionAction`]: versionCase("destroyVersionAction"),
    [`${dir}#issueGrantAction`]: {
      perm: "vault:policy",
      run: async (p) => as(p, call("issueGrantAction", secretA, empty, form({ userId: principals.app_owner.userId, duration: "15m", reason: "authorization matrix" }))),
    },
    [`${dir}#revokeGrantAction`]: {
      perm: "vault:policy",
      run: async (p) => {
        const { createGrant } = await import("@/lib/domain/vault/access");
        const g = await createGrant(systemActor("matrix"), { principalType: "user", principalId: principals.app_owner.userId, secretId: secretA, capabilities: ["read"], reason: "to be revoked" });
        return as(p, call("revokeGrantAction", g.id, empty, form({})));
      },
    },
    [`${dir}#createIdentityAction`]: {
      perm: "vault:identity",
      run: async (p) => { const a = await newApp(teamA); return as(p, call("createIdentityAction", empty, form({ applicationId: a, environment: "prod", tokenTtlSeconds: "3600", tokenMaxTtlSeconds: "86400" }))); },
      otherTeam: async (p) => { const a = await newApp(teamB); return as(p, call("createIdentityAction", empty, form({ applicationId: a, environment: "prod" }))); },
    },
    [`${dir}#rotateIdentitySecretAction`]: {
      perm: "vault:identity",
      run: async (p) => { const i = await identityOf(await newApp(teamA)); return as(p, call("rotateIdentitySecretAction", i, empty, form({}))); },
      otherTeam: async (p) => { const i = await identityOf(await newApp(teamB)); return as(p, call("rotateIdentitySecretAction", i, empty, form({}))); },
    },
    [`${dir}#createPolicyAction`]: {
      perm: "vault:policy",
      run: async (p) => as(p, call("createPolicyAction", empty, form({ name: `p-${uid()}`, description: "", rules: "allow read dev/matrix/*\ndeny read dev/matrix/root" }))),
    },
    [`${dir}#attachPolicyAction`]: {
      perm: "vault:policy",
      run: async (p) => {
        const { createPolicy } = await import("@/lib/domain/vault/access");
        const policy = await createPolicy(systemActor("matrix"), { name: `p-${uid()}`, rules: [{ path: "dev/*", capabilities: ["read"], effect: "allow" }] });
        const i = await identityOf(await newApp(teamA));
        return as(p, call("attachPolicyAction", empty, form({ policyId: policy.id, target: `identity:${i}` })));
      },
    },
    [`${dir}#detachPolicyAction`]: {
      perm: "vault:policy",
      run: async (p) => {
        const { attachPolicy, createPolicy } = await import("@/lib/domain/vault/access");
        const policy = await createPolicy(systemActor("matrix"), { name: `p-${uid()}`, rules: [{ path: "dev/*", capabilities: ["read"], effect: "allow" }] });
        const att = await attachPolicy(systemActor("matrix"), { policyId: policy.id, teamId: teamA });
        return as(p, call("detachPolicyAction", att.id, empty, form({})));
      },
    },
    [`${dir}#simulateAction`]: {
      perm: "vault:policy",
      run: async (p) => as(p, call("simulateAction", empty, form({ principal: `user:${(p ?? principals.admin).userId}`, path: "dev/matrix/x/y", capability: "read" }))),
    },
    [`${dir}#rotateKeyAction`]: { perm: "vault:keys", run: async (p) => as(p, call("rotateKeyAction")) },
    [`${dir}#rewrapProgressAction`]: {
      perm: "vault:keys",
      run: async (p) => { const r = await db.jobRun.create({ data: { kind: "vault.rewrap" } }); return as(p, call("rewrapProgressAction", r.id)); },
    },
    [`${dir}#unsealAction`]: {
      perm: "vault:keys",
      // One share of a 2-of-n split is accepted and waits for more (the vault stays sealed).
      run: async (p) => whileSealed(() => as(p, call("unsealAction", empty, form({ key: `kwshare-v1:${randomBytes(33).toString("base64")}` })))),
    },
    [`${dir}#sealAction`]: { perm: "vault:keys", run: async (p) => whileSealed(() => as(p, call("sealAction", empty, form({})))) },
  };
}

describe("authorization matrix: server actions", () => {
  const found = serverActions();

  it("has an entry for every exported server action (and none for actions that do not exist)", () => {
    expect(found.length).toBeGreaterThan(10);
    expect(found.map((a) => a.key).filter((k) => !actions[k]), "add these to tests/authz-matrix.test.ts").toEqual([]);
    expect(Object.keys(actions).filter((k) => !found.some((a) => a.key === k)), "entries without an action").toEqual([]);
  });

  for (const a of found) {
    it(`${a.key}: each role per permissions.ts; refused when signed out`, async () => {
      const ac = actions[a.key];
      expect(ac, `no matrix entry for ${a.key}`).toBeDefined();
      const outcomes: string[] = [];
      for (const role of roles) {
        const res = await ac.run(principals[role]);
        const allowed = scopeOf(role, ac.perm) !== null;
        if (allowed ? !res.ok : res.code !== "forbidden") outcomes.push(`${role}: expected ${allowed ? "ok" : "forbidden"}, got ${JSON.stringify(res).slice(0, 300)}`);
      }
      const anon = await ac.run(null);
      if (anon.code !== "unauthenticated") outcomes.push(`signed out: expected unauthenticated, got ${JSON.stringify(anon)}`);
      expect(outcomes).toEqual([]);
    });
    const ac = actions[a.key];
    if (ac?.otherTeam) {
      it(`${a.key}: team-scoped roles are refused on another team's resource`, async () => {
        for (const role of roles.filter((r) => scopeOf(r, ac.perm) === "team")) {
          const res = await ac.otherTeam!(principals[role]);
          expect(["forbidden", "not_found"], `${a.key} on another team as ${role}: ${JSON.stringify(res)}`).toContain(res.code);
        }
      });
    }
  }
});

// --- read-only pages ----------------------------------------------------------------------------
// Pages whose data no API route serves: the page component is rendered as each role (the real
// domain read behind it runs), and its controls are checked against the table.

type TNode = { type?: unknown; props?: Record<string, unknown> } | null | undefined | string | number | boolean | TNode[];
/** The props of the first element of `type` in a rendered server-component tree. */
function findProps(node: TNode, type: unknown): Record<string, unknown> | null {
  if (Array.isArray(node)) {
    for (const n of node) {
      const found = findProps(n, type);
      if (found) return found;
    }
    return null;
  }
  if (!node || typeof node !== "object") return null;
  if (node.type === type) return node.props ?? {};
  return findProps(node.props?.children as TNode, type);
}

describe("authorization matrix: read-only pages", () => {
  it("/vault/grants: listed per vault:grants_read (team scope: own teams' secrets only), revoke only with vault:policy, in the navigation accordingly", async () => {
    const { default: GrantsPage } = await import("@/app/(console)/vault/grants/page");
    const { GrantsTable } = await import("@/components/vault/grants-table");
    const { navigationFor } = await import("@/lib/navigation");
    const outcomes: string[] = [];
    for (const role of roles) {
      const scope = scopeOf(role, "vault:grants_read");
      const render = async (secretId: string) => {
        current.actor = principals[role].actor;
        try {
          return (await GrantsPage({ searchParams: Promise.resolve({ secretId }) })) as TNode;
        } finally {
          current.actor = null;
        }
      };
      const own = findProps(await render(secretA), GrantsTable);
      const other = findProps(await render(secretBValue), GrantsTable);
      const inNav = navigationFor(role).some((i) => i.href === "/vault/grants");
      if (inNav !== (scope !== null)) outcomes.push(`${role}: navigation entry ${inNav ? "shown" : "hidden"}`);
      if (!scope) {
        if (own || other) outcomes.push(`${role}: expected the refusal, got the grants table`);
        continue;
      }
      if (!own || !other) {
        outcomes.push(`${role}: expected the grants table`);
        continue;
      }
      // Every principal holds a grant on secretA (team A) and on secretBValue (team B).
      const ownTotal = own.total as number;
      const otherTotal = other.total as number;
      if (ownTotal < roles.length) outcomes.push(`${role}: ${ownTotal} grants on its team's secret`);
      if (scope === "all" && otherTotal < roles.length) outcomes.push(`${role}: ${otherTotal} grants on another team's secret`);
      if (scope === "team" && otherTotal !== 0) outcomes.push(`${role} (team scope): sees ${otherTotal} grants on another team's secret`);
      if (own.manage !== (scopeOf(role, "vault:policy") !== null)) outcomes.push(`${role}: revoke controls ${own.manage ? "shown" : "hidden"}`);
    }
    expect(outcomes).toEqual([]);
    // The point of the permission: auditors see grants without being able to change them.
    expect(scopeOf("auditor", "vault:grants_read")).toBe("all");
    expect(scopeOf("auditor", "vault:policy")).toBeNull();
  });

  it("/jobs: runs listed per hygiene:run, audit verifications among them; refused otherwise; in the navigation accordingly", async () => {
    const { default: JobsPage } = await import("@/app/(console)/jobs/page");
    const { JobRuns } = await import("@/components/inventory/job-runs");
    const { navigationFor } = await import("@/lib/navigation");
    // Finished, like the matrix's own verification requests, so no status page takes it for one under way.
    const verification = await db.jobRun.create({ data: { kind: "audit.verify", status: "failed", finishedAt: new Date(), message: "authorization matrix: not run" } });
    const hygiene = await db.jobRun.create({ data: { kind: "inventory.hygiene", status: "succeeded", finishedAt: new Date() } });
    const outcomes: string[] = [];
    for (const role of roles) {
      current.actor = principals[role].actor;
      let list: Record<string, unknown> | null;
      try {
        list = findProps((await JobsPage()) as TNode, JobRuns);
      } finally {
        current.actor = null;
      }
      const allowed = scopeOf(role, "hygiene:run") !== null;
      const inNav = navigationFor(role).some((i) => i.href === "/jobs");
      if (inNav !== allowed) outcomes.push(`${role}: navigation entry ${inNav ? "shown" : "hidden"}`);
      if (!allowed) {
        if (list) outcomes.push(`${role}: expected the refusal, got the runs`);
        continue;
      }
      const ids = ((list?.runs ?? []) as { id: string }[]).map((r) => r.id);
      if (!ids.includes(verification.id) || !ids.includes(hygiene.id)) outcomes.push(`${role}: expected the newest audit verification and hygiene runs`);
    }
    expect(outcomes).toEqual([]);
    // Listing audit verifications shows nobody anything they could not read on the audit page.
    for (const role of roles) if (scopeOf(role, "hygiene:run")) expect(scopeOf(role, "audit:read"), role).not.toBeNull();
  });
});
