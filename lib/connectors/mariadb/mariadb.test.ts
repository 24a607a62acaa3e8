// The MariaDB connector against the real local server (root, no password): users this test
// creates and drops (one with ALL PRIVILEGES, a locked one, an expired one, a linked one).
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "@/lib/domain/vault/testing";
import { db } from "@/lib/db";
import { makeBackend, makeTeam, uid } from "@/lib/testing/fixtures";
import { makeConnector, runConnector } from "../testing";

const suffix = uid().replace(/-/g, "");
const users = { admin: `kwt_adm_${suffix}`, locked: `kwt_lck_${suffix}`, expired: `kwt_exp_${suffix}`, app: `kwt_app_${suffix}` };
let root: mysql.Connection;

beforeAll(async () => {
  root = await mysql.createConnection({ host: "127.0.0.1", port: 3306, user: "root" });
  await root.query(`CREATE USER '${users.admin}'@'%' IDENTIFIED BY 'a-${suffix}'`);
  await root.query(`GRANT ALL PRIVILEGES ON *.* TO '${users.admin}'@'%'`);
  await root.query(`CREATE USER '${users.locked}'@'localhost' IDENTIFIED BY 'b-${suffix}' ACCOUNT LOCK`);
  await root.query(`CREATE USER '${users.expired}'@'%' IDENTIFIED BY 'c-${suffix}' PASSWORD EXPIRE`);
  await root.query(`CREATE USER '${users.app}'@'%' IDENTIFIED BY 'd-${suffix}' PASSWORD EXPIRE INTERVAL 90 DAY`);
  await root.query(`GRANT SELECT ON mysql.db TO '${users.app}'@'%'`);
});

afterAll(async () => {
  for (const [k, u] of Object.entries(users)) await root.query(`DROP USER IF EXISTS '${u}'@'${k === "locked" ? "localhost" : "%"}'`);
  await root.end();
  await db.$disconnect();
});

describe("mariadb connector", () => {
  it("lists users with SUPER/ALL, locked and expired accounts, expiry dates, and links inventory secrets", async () => {
    const team = await makeTeam();
    const backend = await makeBackend("keyward");
    const secret = await db.secret.create({
      data: { name: `my-${suffix}`, path: `prod/${team.slug}/db/my-${suffix}`, type: "password", environment: "prod", classification: "sensitive", backendId: backend.id, externalRef: `mysql://${users.app}@127.0.0.1:3306` },
    });
    const c = await makeConnector({ kind: "mariadb", config: { host: "127.0.0.1", port: 3306 }, credentials: { username: "root" } });
    const { run } = await runConnector(c.id);
    expect(run.status).toBe("succeeded");
    const accounts = await db.databaseAccount.findMany({ where: { connectorId: c.id } });
    const by = Object.fromEntries(accounts.map((a) => [a.name, a]));
    expect(by[`'${users.admin}'@'%'`]).toMatchObject({ engine: "mariadb", superuser: true, canLogin: true, passwordSet: true, looksUnused: false });
    expect(by[`'${users.locked}'@'localhost'`]).toMatchObject({ canLogin: false, looksUnused: true });
    expect(by[`'${users.locked}'@'localhost'`]!.unusedReason).toMatch(/locked/);
    expect(by[`'${users.expired}'@'%'`]).toMatchObject({ looksUnused: true, unusedReason: "password expired" });
    const app = by[`'${users.app}'@'%'`]!;
    expect(app).toMatchObject({ superuser: false, looksUnused: false, secretId: secret.id });
    const days = (app.passwordExpiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(88);
    expect(days).toBeLessThan(91);
  });
});
