// The PostgreSQL connector against the real local server: roles this test creates and drops
// (a superuser, an expired one, an idle one, one linked to an inventory secret).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "@/lib/domain/vault/testing";
import { db } from "@/lib/db";
import { makeBackend, makeTeam, uid } from "@/lib/testing/fixtures";
import { makeConnector, runConnector } from "../testing";

const suffix = uid().replace(/-/g, "");
const roles = { su: `kwt_su_${suffix}`, expired: `kwt_exp_${suffix}`, idle: `kwt_idle_${suffix}`, app: `kwt_app_${suffix}`, nologin: `kwt_nl_${suffix}` };
const admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "postgres" });

beforeAll(async () => {
  await admin.connect();
  await admin.query(`CREATE ROLE ${roles.su} LOGIN SUPERUSER PASSWORD 'x-${suffix}'`);
  await admin.query(`CREATE ROLE ${roles.expired} LOGIN PASSWORD 'y-${suffix}' VALID UNTIL '2020-01-01'`);
  await admin.query(`CREATE ROLE ${roles.idle} LOGIN`);
  await admin.query(`CREATE ROLE ${roles.app} LOGIN PASSWORD 'z-${suffix}' VALID UNTIL '2099-06-01'`);
  await admin.query(`CREATE TABLE kwt_owned_${suffix} (id int)`);
  await admin.query(`ALTER TABLE kwt_owned_${suffix} OWNER TO ${roles.app}`);
  await admin.query(`CREATE ROLE ${roles.nologin} NOLOGIN`);
});

afterAll(async () => {
  await admin.query(`DROP TABLE IF EXISTS kwt_owned_${suffix}`);
  for (const r of Object.values(roles)) await admin.query(`DROP ROLE IF EXISTS ${r}`);
  await admin.end();
  await db.$disconnect();
});

describe("postgres connector", () => {
  it("lists login roles with superuser, expiry, unused heuristics, and links inventory secrets by externalRef", async () => {
    const team = await makeTeam();
    const backend = await makeBackend("keyward");
    const secret = await db.secret.create({
      data: { name: `pg-${suffix}`, path: `prod/${team.slug}/db/pg-${suffix}`, type: "password", environment: "prod", classification: "sensitive", backendId: backend.id, externalRef: `postgres://${roles.app}@127.0.0.1:5432` },
    });
    const c = await makeConnector({ kind: "postgres", config: { host: "127.0.0.1", port: 5432, database: "postgres" }, credentials: { username: "postgres", password: "" } });
    const { run } = await runConnector(c.id);
    expect(run.status).toBe("succeeded");
    const accounts = await db.databaseAccount.findMany({ where: { connectorId: c.id } });
    const by = Object.fromEntries(accounts.map((a) => [a.name, a]));
    expect(by[roles.nologin]).toBeUndefined();
    expect(by.postgres).toBeUndefined(); // the bootstrap superuser is a system role unless asked for
    expect(by[roles.su]).toMatchObject({ engine: "postgres", server: "127.0.0.1:5432", superuser: true, canLogin: true, passwordSet: true, looksUnused: false });
    expect(by[roles.expired]).toMatchObject({ superuser: false, looksUnused: true, unusedReason: "password expired" });
    expect(by[roles.expired]!.passwordExpiresAt?.toISOString()).toBe(new Date("2020-01-01T00:00:00Z").toISOString().replace("T00", "T00"));
    expect(by[roles.idle], JSON.stringify(by[roles.idle])).toMatchObject({ passwordSet: false, looksUnused: true });
    expect(by[roles.idle]!.unusedReason).toMatch(/no session, owns nothing/);
    expect(by[roles.app]).toMatchObject({ looksUnused: false, secretId: secret.id });
    expect(by[roles.app]!.details).toMatchObject({ ownedObjects: 1 });

    // A role dropped since the last run is marked gone.
    await admin.query(`DROP ROLE ${roles.idle}`);
    await runConnector(c.id);
    const gone = await db.databaseAccount.findUniqueOrThrow({ where: { connectorId_name: { connectorId: c.id, name: roles.idle } } });
    expect(gone.goneAt).not.toBeNull();
    expect((await db.databaseAccount.findUniqueOrThrow({ where: { connectorId_name: { connectorId: c.id, name: roles.su } } })).goneAt).toBeNull();
  });

  it("a wrong password fails the run with the server's message", async () => {
    const c = await makeConnector({ kind: "postgres", config: { host: "127.0.0.1", port: 5432, database: "no_such_db_" + suffix }, credentials: { username: "postgres" } });
    const { jobRun, connector } = await runConnector(c.id, { expectFailure: true });
    expect(jobRun.status).toBe("failed");
    expect(connector.lastError).toMatch(/does not exist/);
  });
});
