import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor, type Actor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { makeActor, makeBackend, makeTeam, uid } from "@/lib/testing/fixtures";
import { csvCell } from "./csv";
import {
  bulkUpdateSecrets,
  createSecret,
  deleteSecret,
  exportSecretsCsv,
  getSecret,
  listSecrets,
  updateSecret,
} from "./service";
import { likeEscape, secretAuditEvents } from "./queries";
import { createGrant, revokeGrant } from "@/lib/domain/vault/access";

const DAY = 86_400_000;

async function rejects(p: Promise<unknown>, code: string): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe(code);
    return e as AppError;
  }
  throw new Error(`expected ${code}, but it succeeded`);
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/** Minimal RFC 4180 parser, enough to check what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(cell), (cell = "");
    else if (ch === "\r" && text[i + 1] === "\n") row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    else cell += ch;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

describe("inventory service", () => {
  const admin: Actor = systemActor("inventory-test");
  let teamA: { id: string; slug: string };
  let teamB: { id: string; slug: string };
  let vault: { id: string };
  let git: { id: string };
  let app: { id: string; slug: string };
  const tag = `t${uid()}`; // every secret here has this in its name, so searches find only ours

  beforeAll(async () => {
    teamA = await makeTeam();
    teamB = await makeTeam();
    vault = await makeBackend("vault_kv");
    git = await makeBackend("git");
    app = await db.application.create({ data: { name: `app-${uid()}`, slug: `app-${uid()}`, ownerTeamId: teamA.id } });
  });
  afterAll(() => db.$disconnect());

  const base = (over: Record<string, unknown> = {}) => ({
    name: `${tag}-${uid()}`,
    type: "password",
    environment: "prod",
    classification: "sensitive",
    backendId: vault.id,
    ownerTeamId: teamA.id,
    ...over,
  });

  it("creates a secret with computed path, vaulted flag and rotation due date, audited in the same transaction", async () => {
    const s = await createSecret(admin, base({ rotationPeriodDays: 30, applicationIds: [app.id], tags: ["payments", "payments"] }));
    expect(s.path).toBe(`prod/${teamA.slug}/${app.slug}/${s.name}`);
    expect(s.vaulted).toBe(true);
    expect(s.tags).toEqual(["payments"]);
    expect(s.rotationDueAt!.getTime() - s.createdAt.getTime()).toBe(30 * DAY);
    expect(s.consumers.map((c) => c.id)).toEqual([app.id]);
    expect(s.auditEvents).toHaveLength(1);
    expect(s.auditEvents[0].action).toBe("secret.create");
    expect((s.auditEvents[0].after as Record<string, unknown>).path).toBe(s.path);

    const unowned = await createSecret(admin, base({ ownerTeamId: null, backendId: git.id, environment: "dev" }));
    expect(unowned.path).toBe(`dev/unowned/shared/${unowned.name}`);
    expect(unowned.vaulted).toBe(false);
    expect(unowned.hygieneFlags).toContain("unowned");
    expect(unowned.rotationDueAt).toBeNull();
  });

  it("shows the events of grants on the secret in its audit trail to those who may read grants, newest first", async () => {
    const s = await createSecret(admin, base());
    const other = await createSecret(admin, base());
    const { actor: security } = await makeActor("security");
    const { user: owner, actor: ownerActor } = await makeActor("app_owner", [teamA.id]);
    const grant = (secretId: string) =>
      createGrant(security, { principalType: "user", principalId: owner.id, secretId, capabilities: ["read"], expiresAt: new Date(Date.now() + 3600_000), reason: `INC-${uid()}` });
    const g = await grant(s.id);
    await grant(other.id);
    await revokeGrant(security, g.id);

    const expected = ["grant.revoke", "grant.create", "secret.create"];
    for (const viewer of [security, (await makeActor("auditor")).actor, (await makeActor("manager", [teamA.id])).actor]) {
      const trail = (await getSecret(viewer, s.id)).auditEvents;
      expect(trail.map((e) => e.action)).toEqual(expected);
      expect(trail[0].before).toMatchObject({ secretId: s.id, principalId: owner.id });
      expect(trail[1].after).toMatchObject({ secretId: s.id, principalId: owner.id, reason: expect.stringMatching(/^INC-/) });
    }
    // Who was granted what is for those who may read grants: the owner sees the secret's own events.
    expect((await getSecret(ownerActor, s.id)).auditEvents.map((e) => e.action)).toEqual(["secret.create"]);
    // The newest `take` across both kinds, not `take` of each.
    expect((await secretAuditEvents(s.id, 2, { grants: true })).map((e) => e.action)).toEqual(["grant.revoke", "grant.create"]);
    expect((await secretAuditEvents(other.id, 100, { grants: true })).map((e) => e.action)).toEqual(["grant.create", "secret.create"]);
  });

  it("refuses bad input with field errors and writes nothing", async () => {
    const before = await db.secret.count({ where: { name: { startsWith: `${tag}-bad` } } });
    const e1 = await rejects(createSecret(admin, base({ name: `${tag}-bad`, rotationPeriodDays: "90", extra: 1 })), "validation_failed");
    expect(e1.fields).toHaveProperty("rotationPeriodDays");
    expect(e1.fields).toHaveProperty("_");
    const e2 = await rejects(createSecret(admin, base({ name: `${tag}-bad-backend`, backendId: "00000000-0000-4000-8000-000000000000" })), "validation_failed");
    expect(e2.fields).toEqual({ backendId: ["No such backend."] });
    const e3 = await rejects(createSecret(admin, base({ name: `${tag}-bad-team`, ownerTeamId: "00000000-0000-4000-8000-000000000000" })), "validation_failed");
    expect(e3.fields).toEqual({ ownerTeamId: ["No such team."] });
    const e4 = await rejects(createSecret(admin, base({ name: "has/slash" })), "validation_failed");
    expect(e4.fields).toHaveProperty("name");
    await rejects(createSecret(admin, base({ name: `${tag}-bad-app`, applicationIds: ["00000000-0000-4000-8000-000000000000"] })), "validation_failed");
    expect(await db.secret.count({ where: { name: { startsWith: `${tag}-bad` } } })).toBe(before);
    await rejects(getSecret(admin, "not-a-uuid"), "validation_failed");
    await rejects(getSecret(admin, "00000000-0000-4000-8000-000000000000"), "not_found");
  });

  it("refuses a duplicate path as a conflict on the path field", async () => {
    const s = await createSecret(admin, base());
    const e = await rejects(createSecret(admin, base({ path: s.path })), "conflict");
    expect(e.fields).toHaveProperty("path");
  });

  it("filters, sorts, searches and paginates", async () => {
    const t = `${tag}f${uid()}`;
    const mk = (name: string, over: Record<string, unknown>) => createSecret(admin, base({ name: `${t}-${name}`, ...over }));
    await mk("alpha", { type: "api_key", environment: "dev", classification: "standard" });
    await mk("bravo", { type: "token", environment: "prod", classification: "highly_sensitive" });
    await mk("charlie", { type: "api_key", environment: "prod", classification: "sensitive", ownerTeamId: null });
    const overdue = await mk("delta", { type: "ssh_key", environment: "staging", rotationPeriodDays: 1, lastRotatedAt: new Date(Date.now() - 5 * DAY).toISOString() });
    await mk("echo_x", { type: "other", environment: "dev", backendId: git.id });

    const names = async (q: Record<string, unknown>) => (await listSecrets(admin, { q: t, sort: "name", ...q })).rows.map((r) => r.name.slice(t.length + 1));

    expect(await names({})).toEqual(["alpha", "bravo", "charlie", "delta", "echo_x"]);
    expect(await names({ sort: "name", order: "desc" })).toEqual(["echo_x", "delta", "charlie", "bravo", "alpha"]);
    expect(await names({ type: "api_key" })).toEqual(["alpha", "charlie"]);
    expect(await names({ type: ["api_key", "token"], environment: "prod" })).toEqual(["bravo", "charlie"]);
    expect(await names({ type: "api_key,ssh_key" })).toEqual(["alpha", "charlie", "delta"]);
    expect(await names({ classification: "highly_sensitive" })).toEqual(["bravo"]);
    expect(await names({ backendId: git.id })).toEqual(["echo_x"]);
    expect(await names({ unowned: "true" })).toEqual(["charlie"]);
    expect(await names({ unowned: "false", environment: "prod" })).toEqual(["bravo"]);
    expect(await names({ overdue: "true" })).toEqual(["delta"]);
    expect(await names({ ownerTeamId: teamA.id, environment: "dev" })).toEqual(["alpha", "echo_x"]);
    // Sort by an enum follows its declared order, then name.
    expect(await names({ sort: "environment" })).toEqual(["alpha", "echo_x", "delta", "bravo", "charlie"]);
    // Search is case-insensitive, covers the path, and treats LIKE wildcards literally.
    expect((await listSecrets(admin, { q: `${t}-ALPHA`.toUpperCase() })).rows.map((r) => r.id)).toHaveLength(1);
    expect(await names({ q: `${t}-echo_x` })).toEqual(["echo_x"]);
    expect(await names({ q: `${t}-echo%` })).toEqual([]);
    expect(await names({ q: `prod/${teamA.slug}/shared/${t}-bra` })).toEqual(["bravo"]);

    const p1 = await listSecrets(admin, { q: t, sort: "name", pageSize: "2" });
    const p3 = await listSecrets(admin, { q: t, sort: "name", pageSize: "2", page: "3" });
    // While searching, the default order is newest first.
    expect((await listSecrets(admin, { q: t })).rows.map((r) => r.name.slice(t.length + 1))).toEqual(["echo_x", "delta", "charlie", "bravo", "alpha"]);
    expect(p1.rows.map((r) => r.name.slice(t.length + 1))).toEqual(["alpha", "bravo"]);
    expect(p3.rows.map((r) => r.name.slice(t.length + 1))).toEqual(["echo_x"]);
    expect(p1).toMatchObject({ total: 5, totalExact: true, pageCount: 3, hasMore: true });
    expect(p3.hasMore).toBe(false);

    const row = (await listSecrets(admin, { q: overdue.name })).rows[0];
    expect(row.overdue).toBe(true);
    expect(row.ownerTeam?.id).toBe(teamA.id);

    // Bad query values are 400s with the field named, never a crash.
    for (const bad of [{ q: "ab" }, { pageSize: "201" }, { page: "0" }, { sort: "password" }, { type: "nope" }, { overdue: "maybe" }, { backendId: "x" }, { extra: "1" }]) {
      const e = await rejects(listSecrets(admin, bad), "validation_failed");
      expect(Object.keys(e.fields ?? {}).length).toBeGreaterThan(0);
    }
  });

  it("shows team-scoped roles only their teams' secrets", async () => {
    const t = `${tag}s${uid()}`;
    const mine = await createSecret(admin, base({ name: `${t}-mine`, ownerTeamId: teamA.id }));
    const theirs = await createSecret(admin, base({ name: `${t}-theirs`, ownerTeamId: teamB.id }));
    await createSecret(admin, base({ name: `${t}-nobody`, ownerTeamId: null }));
    const { actor: dev } = await makeActor("developer", [teamA.id]);
    const { actor: auditor } = await makeActor("auditor", []);

    expect((await listSecrets(dev, { q: t })).rows.map((r) => r.id)).toEqual([mine.id]);
    expect((await listSecrets(dev, {})).rows.every((r) => r.ownerTeamId === teamA.id)).toBe(true);
    // Asking for another team's secrets by filter still yields only the intersection.
    expect((await listSecrets(dev, { q: t, ownerTeamId: teamB.id })).rows).toEqual([]);
    expect((await listSecrets(auditor, { q: t, sort: "name" })).rows.map((r) => r.name)).toEqual([`${t}-mine`, `${t}-nobody`, `${t}-theirs`]);
    expect((await getSecret(dev, mine.id)).id).toBe(mine.id);
    await rejects(getSecret(dev, theirs.id), "not_found");

    // Developers may not export at all; managers export only their teams' secrets.
    await rejects(exportSecretsCsv(dev, { q: t }), "forbidden");
    const { actor: manager } = await makeActor("manager", [teamB.id]);
    const csv = parseCsv(await readAll((await exportSecretsCsv(manager, { q: t })).stream));
    expect(csv.slice(1).map((r) => r[0])).toEqual([theirs.id]);
  }, 60_000);

  it("lets app owners change only their teams' secrets, and never move one to a team they are not in", async () => {
    const { actor: owner } = await makeActor("app_owner", [teamA.id]);
    const { actor: dev } = await makeActor("developer", [teamA.id]);
    const mine = await createSecret(owner, base());
    const theirs = await createSecret(admin, base({ ownerTeamId: teamB.id }));

    await rejects(createSecret(owner, base({ ownerTeamId: teamB.id })), "forbidden");
    await rejects(createSecret(owner, base({ ownerTeamId: null })), "forbidden");
    await rejects(updateSecret(owner, mine.id, { ownerTeamId: teamB.id }), "forbidden");
    await rejects(updateSecret(owner, theirs.id, { description: "x" }), "not_found");
    await rejects(deleteSecret(owner, theirs.id), "not_found");
    await rejects(updateSecret(dev, mine.id, { description: "x" }), "forbidden");
    await rejects(deleteSecret(dev, mine.id), "forbidden");
    await rejects(bulkUpdateSecrets(owner, { ids: [mine.id, theirs.id], classification: "standard" }), "not_found");
    await rejects(bulkUpdateSecrets(owner, { ids: [mine.id], ownerTeamId: teamB.id }), "forbidden");
    expect((await db.secret.findUnique({ where: { id: mine.id } }))!.classification).toBe("sensitive");
    expect((await db.secret.findUnique({ where: { id: theirs.id } }))!.classification).toBe("sensitive");

    const updated = await updateSecret(owner, mine.id, { description: "rotated by hand", classification: "highly_sensitive" });
    expect(updated.classification).toBe("highly_sensitive");
  });

  it("updates with before/after audit, keeps vaulted and rotationDueAt in sync, and skips no-op writes", async () => {
    const s = await createSecret(admin, base({ rotationPeriodDays: 10 }));
    const rotated = new Date(Date.now() - 2 * DAY);
    const u = await updateSecret(admin, s.id, { backendId: git.id, lastRotatedAt: rotated.toISOString(), rotationPeriodDays: 20, tags: ["a"] });
    expect(u.vaulted).toBe(false);
    expect(u.rotationDueAt!.getTime()).toBe(rotated.getTime() + 20 * DAY);
    expect(u.path).toBe(s.path); // paths stay put
    const event = u.auditEvents.find((e) => e.action === "secret.update")!;
    expect(event.before).toMatchObject({ backendId: vault.id, vaulted: true, rotationPeriodDays: 10, tags: [] });
    expect(event.after).toMatchObject({ backendId: git.id, vaulted: false, rotationPeriodDays: 20, tags: ["a"] });
    expect(Object.keys(event.after as object)).not.toContain("name");

    const again = await updateSecret(admin, s.id, { tags: ["a"] });
    expect(again.auditEvents.filter((e) => e.action === "secret.update")).toHaveLength(1);

    const cleared = await updateSecret(admin, s.id, { rotationPeriodDays: null, ownerTeamId: null, applicationIds: [app.id] });
    expect(cleared.rotationDueAt).toBeNull();
    expect(cleared.hygieneFlags).toContain("unowned");
    expect(cleared.consumers.map((c) => c.id)).toEqual([app.id]);

    await rejects(updateSecret(admin, s.id, { ownerTeamId: "00000000-0000-4000-8000-000000000000" }), "validation_failed");
    await rejects(updateSecret(admin, s.id, { name: 5 }), "validation_failed");
    await rejects(updateSecret(admin, "nope", { name: "x" }), "validation_failed");
  });

  it("deletes with an audit event holding the last metadata", async () => {
    const s = await createSecret(admin, base({ applicationIds: [app.id] }));
    await deleteSecret(admin, s.id);
    expect(await db.secret.findUnique({ where: { id: s.id } })).toBeNull();
    const ev = await db.auditEvent.findFirst({ where: { targetType: "secret", targetId: s.id, action: "secret.delete" } });
    expect(ev?.before).toMatchObject({ name: s.name, path: s.path, applicationIds: [app.id] });
    await rejects(deleteSecret(admin, s.id), "not_found");
  });

  it("bulk-assigns owner team and classification, one audit event per changed secret, all or nothing", async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await createSecret(admin, base({ ownerTeamId: null }))).id);
    const res = await bulkUpdateSecrets(admin, { ids, ownerTeamId: teamB.id, classification: "highly_sensitive" });
    expect(res).toEqual({ updated: 3, selected: 3 });
    const rows = await db.secret.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.ownerTeamId === teamB.id && r.classification === "highly_sensitive" && !r.hygieneFlags.includes("unowned"))).toBe(true);
    expect(await db.auditEvent.count({ where: { targetType: "secret", targetId: { in: ids }, action: "secret.bulk_update" } })).toBe(3);

    // Nothing to change: no write, no event.
    expect(await bulkUpdateSecrets(admin, { ids, classification: "highly_sensitive" })).toEqual({ updated: 0, selected: 3 });
    // One unknown id: the whole batch is refused.
    await rejects(bulkUpdateSecrets(admin, { ids: [...ids, "00000000-0000-4000-8000-000000000000"], classification: "standard" }), "not_found");
    expect((await db.secret.findMany({ where: { id: { in: ids } } })).every((r) => r.classification === "highly_sensitive")).toBe(true);
    await rejects(bulkUpdateSecrets(admin, { ids }), "validation_failed");
    await rejects(bulkUpdateSecrets(admin, { ids: [], classification: "standard" }), "validation_failed");
    const tooMany = Array.from({ length: 1001 }, () => crypto.randomUUID());
    const e = await rejects(bulkUpdateSecrets(admin, { ids: tooMany, classification: "standard" }), "validation_failed");
    expect(e.fields).toHaveProperty("ids");
  });

  it("exports every filtered row (not one page) as CSV with escaping and a formula guard", async () => {
    const t = `${tag}x${uid()}`;
    for (let i = 0; i < 3; i++) await createSecret(admin, base({ name: `${t}-${i}`, description: i === 0 ? '=HYPERLINK("http://evil")' : `line one\nsaid "hi", ok` }));
    await createSecret(admin, base({ name: `${t}-dev`, environment: "dev", tags: ["+sum", "@x"] }));
    const { stream, filename } = await exportSecretsCsv(admin, { q: t, environment: "prod" });
    expect(filename).toMatch(/^keyward-secrets-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readAll(stream);
    const rows = parseCsv(text);
    const header = rows[0];
    expect(header.slice(0, 3)).toEqual(["id", "name", "path"]);
    const body = rows.slice(1);
    expect(body.map((r) => r[1])).toEqual([`${t}-0`, `${t}-1`, `${t}-2`]);
    const desc = header.indexOf("description");
    expect(body[0][desc]).toBe(`'=HYPERLINK("http://evil")`);
    expect(body[1][desc]).toBe(`line one\nsaid "hi", ok`);
    expect(text).toContain(`"line one\nsaid ""hi"", ok"`);

    const devRows = parseCsv(await readAll((await exportSecretsCsv(admin, { q: `${t}-dev` })).stream));
    expect(devRows[1][header.indexOf("tags")]).toBe("'+sum;@x");
    expect(await db.auditEvent.count({ where: { action: "secret.export", actorLabel: admin.label } })).toBeGreaterThanOrEqual(2);
  });

  it("exports more rows than one batch, in path order", async () => {
    const t = `${tag}b${uid()}`;
    const team = await makeTeam();
    const now = new Date();
    await db.secret.createMany({
      data: Array.from({ length: 2345 }, (_, i) => ({
        name: `${t}-${String(i).padStart(5, "0")}`,
        path: `dev/${team.slug}/shared/${t}-${String(i).padStart(5, "0")}`,
        type: "token" as const,
        environment: "dev" as const,
        classification: "standard" as const,
        ownerTeamId: team.id,
        backendId: vault.id,
        createdAt: now,
      })),
    });
    const rows = parseCsv(await readAll((await exportSecretsCsv(admin, { ownerTeamId: team.id })).stream)).slice(1);
    expect(rows).toHaveLength(2345);
    expect(rows[0][1]).toBe(`${t}-00000`);
    expect(rows[2344][1]).toBe(`${t}-02344`);
    const page = await listSecrets(admin, { ownerTeamId: team.id, pageSize: "200", page: "12" });
    expect(page.rows).toHaveLength(145);
    expect(page.total).toBe(2345);
  });

  it("escapes CSV cells and LIKE patterns", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "x"')).toBe('"say ""x"""');
    expect(csvCell("-1+1")).toBe("'-1+1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell(" padded ")).toBe('" padded "');
    expect(csvCell(null)).toBe("");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(new Date("2026-01-02T03:04:05Z"))).toBe("2026-01-02T03:04:05.000Z");
    expect(likeEscape("a_b%c\\d")).toBe("a\\_b\\%c\\\\d");
  });
});
