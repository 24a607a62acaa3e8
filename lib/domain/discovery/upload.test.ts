// CI uploads through the real route handlers, authenticated by real personal API tokens, against
// the real database: the same secret uploaded twice is one finding with two locations (and the
// same finding a git connector records), a stored secret's current value in a report makes it
// compromised, bad payloads are refused whole with field errors, and roles decide who uploads.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import "@/lib/domain/vault/testing";
import { POST as uploadRoute } from "@/app/api/v1/discovery/scans/route";
import { GET as keyRoute } from "@/app/api/v1/discovery/fingerprint-key/route";
import { systemActor, type Actor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { createApiToken } from "@/lib/domain/tokens/service";
import { putSecretValue } from "@/lib/domain/vault/service";
import { queue } from "@/lib/jobs/queue";
import { Scanner } from "@/lib/scanner/engine";
import { makeActor, makeTeam, uid } from "@/lib/testing/fixtures";
import { serverFingerprintKey } from "./fingerprint-key";
import { createConnector, ingestFindings, listFindings } from "./service";
import { CI_UPLOAD_SOURCE } from "./schemas";

const sys = systemActor("test");

afterAll(async () => {
  await queue().close();
  await db.$disconnect();
});

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const githubToken = () => "ghp_" + [...randomBytes(36)].map((x) => ALNUM[x % ALNUM.length]).join("");

async function tokenFor(actor: Actor) {
  return (await createApiToken(actor, { name: `ci-${uid()}` })).token;
}

async function post(token: string | null, body: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await uploadRoute(new Request("http://test/api/v1/discovery/scans", { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) }), { params: Promise.resolve({}) });
  return { status: res.status, body: await res.json() };
}

/** The CLI's way: fetch the console's key, scan with it, send the JSON report's findings. */
async function scannerFromKeyRoute(token: string) {
  const res = await keyRoute(new Request("http://test/api/v1/discovery/fingerprint-key", { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toBe("no-store");
  const body = (await res.json()) as { algorithm: string; key: string; keyId: string };
  expect(body.algorithm).toBe("HMAC-SHA256");
  return { scanner: new Scanner({ fingerprintKey: Buffer.from(body.key, "base64") }), keyId: body.keyId };
}

const report = (scanner: Scanner, text: string, file: string) =>
  scanner.scanText(text, file).map(({ ruleId, description, severity, secretType, file, line, column, fingerprint, preview }) => ({ ruleId, description, severity, secretType, file, line, column, fingerprint, preview }));

describe("POST /api/v1/discovery/scans", () => {
  it("records an upload like a connector run: uploaded twice it is one finding with two locations, the same one a git connector finds", async () => {
    const { actor, teamIds } = await makeActor("security");
    const token = await tokenFor(actor);
    const { scanner, keyId } = await scannerFromKeyRoute(token);
    expect(await db.auditEvent.count({ where: { action: "discovery.fingerprint_key_read", actorId: actor.id, targetId: keyId } })).toBe(1);

    const secret = githubToken();
    const repo = `acme/ci-${uid()}`;
    const first = await post(token, { repository: { name: repo }, commit: "a".repeat(40), ref: "main", findings: report(scanner, `GITHUB_TOKEN=${secret}\n`, "deploy/.env") });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ repository: repo, ownerTeamId: teamIds[0], findings: 1, created: 1, seen: 0, compromised: 0 });
    const history = report(scanner, `\n\nconst t = "${secret}";\n`, "src/client.ts").map((f) => ({ ...f, commit: "b".repeat(40), author: "Ann", date: "2026-01-02T03:04:05Z" }));
    const second = await post(token, { repository: { name: repo }, commit: "c".repeat(40), findings: history });
    expect(second.body).toMatchObject({ created: 0, seen: 1, locations: 1 });

    const finding = await db.finding.findFirstOrThrow({ where: { repository: repo }, include: { locations: { orderBy: { file: "asc" } } } });
    expect(finding.locationCount).toBe(2);
    expect(finding.ownerTeamId).toBe(teamIds[0]);
    expect(finding.locations.map((l) => [l.file, l.line, l.commit, l.source, l.connectorId])).toEqual([
      ["deploy/.env", 1, "", CI_UPLOAD_SOURCE, null],
      ["src/client.ts", 3, "b".repeat(40), CI_UPLOAD_SOURCE, null],
    ]);
    expect(finding.locations[1]!.author).toBe("Ann");
    // The findings list tells a CI upload from a connector run.
    const listed = await listFindings(actor, { repository: repo });
    expect(listed.items[0]).toMatchObject({ locations: [{ source: CI_UPLOAD_SOURCE, connector: null }] });
    // The server's own scanner (what connectors use) gives the same fingerprint: one finding.
    const serverSide = new Scanner({ fingerprintKey: serverFingerprintKey() }).scanText(`GITHUB_TOKEN=${secret}\n`, ".env")[0]!;
    expect(serverSide.fingerprint).toBe(finding.fingerprint);
    const { ruleId, description, severity, secretType, preview, fingerprint, file, line } = serverSide;
    const viaGit = await ingestFindings(sys, {
      findings: [{ ruleId, description, severity, secretType, preview, fingerprint, file, line, source: "git", repository: `https://git.example.test/${repo}.git`, commit: "d".repeat(40) }],
    });
    expect(viaGit.findingIds).toEqual([finding.id]);

    const audit = await db.auditEvent.findMany({ where: { action: "finding.upload", targetId: repo }, orderBy: { id: "asc" } });
    expect(audit).toHaveLength(2);
    expect(audit[0]!.after).toMatchObject({ repository: repo, commit: "a".repeat(40), ref: "main", created: 1, reported: 1 });
    expect(JSON.stringify([finding, audit.map((a) => a.after)])).not.toContain(secret.slice(4));
  });

  it("a stored secret's current value in a report: critical finding, secret compromised, emergency rotation queued", async () => {
    const team = await makeTeam();
    const value = "Pw-" + randomBytes(12).toString("base64url") + "7q";
    const stored = await putSecretValue(sys, { path: `prod/${team.slug}/api/db-${uid()}`, value });
    const owner = await makeActor("app_owner", [team.id]);
    const token = await tokenFor(owner.actor);
    const { scanner } = await scannerFromKeyRoute(token);
    const findings = report(scanner, `database:\n  password: "${value}"\n`, "config/prod.yaml");
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).not.toBe("critical");

    const ciToken = githubToken();
    const res = await post(token, { repository: { url: `https://ci:${ciToken}@git.example.test/${team.slug}/api.git` }, findings });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ compromised: 1, ownerTeamId: team.id, repository: `https://git.example.test/${team.slug}/api.git` });
    const finding = await db.finding.findUniqueOrThrow({ where: { fingerprint: findings[0]!.fingerprint } });
    expect(finding).toMatchObject({ severity: "critical", matchesStored: true, secretId: stored.secretId });
    expect((await db.secret.findUniqueOrThrow({ where: { id: stored.secretId } })).status).toBe("compromised");
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "secret.compromised", targetId: stored.secretId } });
    const jobRunId = (event.after as { emergencyRotationJobRunId: string }).emergencyRotationJobRunId;
    const job = await queue().getJob(`rotation.emergency.${jobRunId}`);
    expect(job?.data).toEqual({ secretId: stored.secretId, findingId: finding.id, jobRunId });
    await job?.remove();
    // The token in the URL was dropped before anything was stored.
    const upload = await db.auditEvent.findFirstOrThrow({ where: { action: "finding.upload", actorId: owner.user.id } });
    const location = await db.findingLocation.findFirstOrThrow({ where: { findingId: finding.id } });
    expect(JSON.stringify([upload.after, upload.targetId, location, finding])).not.toContain(ciToken);
  });

  it("refuses a bad payload with field errors and writes nothing", async () => {
    const { actor } = await makeActor("admin");
    const token = await tokenFor(actor);
    const repo = `acme/bad-${uid()}`;
    const secret = githubToken();
    const good = { ruleId: "github-pat", severity: "high", secretType: "token", file: "a.env", line: 1, fingerprint: randomBytes(32).toString("hex"), preview: "ghp_…" };
    const res = await post(token, {
      repository: { name: repo },
      findings: [good, { ...good, fingerprint: "not-hex", preview: secret, severity: "urgent", line: -1 }],
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(["findings.1.fingerprint", "findings.1.line", "findings.1.preview", "findings.1.severity"]);
    expect(JSON.stringify(res.body)).not.toContain(secret);
    // The valid first finding was not written either: all or nothing.
    expect(await db.finding.count({ where: { fingerprint: good.fingerprint } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "finding.upload", targetId: repo } })).toBe(0);

    expect((await post(token, { repository: {}, findings: [] })).body.error.fields).toHaveProperty("repository.name");
    expect((await post(token, { repository: { name: repo }, findings: [{ ...good, match: secret }] })).status).toBe(400);
    expect((await post(token, "{not json")).status).toBe(400);
    const huge = await post(token, JSON.stringify({ repository: { name: repo }, findings: [], pad: "x".repeat(4 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(await db.auditEvent.count({ where: { action: "finding.upload", targetId: repo } })).toBe(0);
  });

  it("roles: security and admin upload anywhere, app owners for their own teams, others are refused", async () => {
    const finding = () => ({ ruleId: "github-pat", severity: "high", secretType: "token", file: "a.env", line: 1, fingerprint: randomBytes(32).toString("hex"), preview: "ghp_…" });
    const mine = await makeTeam();
    const theirs = await makeTeam();
    for (const role of ["developer", "auditor", "manager"] as const) {
      const { actor } = await makeActor(role, [mine.id]);
      const res = await post(await tokenFor(actor), { repository: { name: `r-${uid()}` }, ownerTeamId: mine.id, findings: [finding()] });
      expect(res.status, role).toBe(403);
      const key = await keyRoute(new Request("http://test/k", { headers: { authorization: `Bearer ${await tokenFor(actor)}` } }), { params: Promise.resolve({}) });
      expect(key.status, role).toBe(403);
    }
    expect((await post(null, { repository: { name: "x" }, findings: [] })).status).toBe(401);

    const owner = await makeActor("app_owner", [mine.id]);
    const ownerToken = await tokenFor(owner.actor);
    expect((await post(ownerToken, { repository: { name: `r-${uid()}` }, findings: [finding()] })).status).toBe(201);
    const denied = await post(ownerToken, { repository: { name: `r-${uid()}` }, ownerTeamId: theirs.id, findings: [finding()] });
    expect(denied.status).toBe(403);
    // A repository a git connector of another team scans belongs to that team, whatever the uploader says.
    const slug = `acme/${uid()}`;
    await createConnector(sys, { kind: "git", name: `git-${uid()}`, config: { url: `https://git.example.test/${slug}.git`, displayName: slug }, ownerTeamId: theirs.id });
    expect((await post(ownerToken, { repository: { url: `git@git.example.test:${slug}.git` }, findings: [finding()] })).status).toBe(403);
    const conflict = await post(ownerToken, { repository: { url: `git@git.example.test:${slug}.git` }, ownerTeamId: mine.id, findings: [finding()] });
    expect(conflict.status).toBe(400);
    expect(conflict.body.error.fields).toHaveProperty("ownerTeamId");

    const security = await makeActor("security", []);
    const ok = await post(await tokenFor(security.actor), { repository: { url: `https://git.example.test/${slug}` }, findings: [finding()] });
    expect(ok.status).toBe(201);
    // Named and owned as the connector has it, so the per-repository view shows one repository.
    expect(ok.body).toMatchObject({ repository: slug, ownerTeamId: theirs.id });

    const multi = await makeActor("admin", [mine.id, theirs.id]);
    const ask = await post(await tokenFor(multi.actor), { repository: { name: `r-${uid()}` }, findings: [finding()] });
    expect(ask.status).toBe(400);
    expect(ask.body.error.fields).toHaveProperty("ownerTeamId");
  });
});
