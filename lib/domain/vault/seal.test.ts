import { afterAll, describe, expect, it } from "vitest";
import { TEST_ROOT_KEY } from "./testing";
import { systemActor } from "@/lib/authz/authorize";
import { configureSeal } from "@/lib/crypto/keyring";
import { splitSecret } from "@/lib/crypto/shamir";
import { AppError } from "@/lib/errors";
import { makeTeam } from "@/lib/testing/fixtures";
import { sealStatus, sealVault, submitUnsealShare } from "./seal";
import { putSecretValue, readSecretValue } from "./service";

const admin = systemActor("test");

afterAll(() => configureSeal(false));

describe("sealed mode", () => {
  it("answers 503 while sealed and unseals with k of n shares, not fewer or wrong ones", async () => {
    const team = await makeTeam();
    const path = `dev/${team.slug}/sealed/key`;
    await putSecretValue(admin, { path, value: "before-seal" }); // also makes sure a key version exists
    const shares = await splitSecret(Buffer.from(TEST_ROOT_KEY, "base64"), 5, 3);
    const wrongShares = await splitSecret(Buffer.alloc(32, 7), 5, 3);

    configureSeal(true);
    expect(sealStatus().sealed).toBe(true);
    const err = await readSecretValue(admin, { path }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(503);
    expect((await putSecretValue(admin, { path, value: "x" }).catch((e) => e)).status).toBe(503);

    // Shares from another split never unseal.
    await submitUnsealShare({ key: wrongShares[0] });
    await submitUnsealShare({ key: wrongShares[1] });
    expect((await submitUnsealShare({ key: wrongShares[2] })).sealed).toBe(true);
    configureSeal(true); // start over

    expect((await submitUnsealShare({ key: shares[4] })).sealed).toBe(true);
    expect((await submitUnsealShare({ key: shares[1] })).sealed).toBe(true); // 2 of 3: still sealed
    const done = await submitUnsealShare({ key: shares[2] });
    expect(done.sealed).toBe(false);
    const r = await readSecretValue(admin, { path });
    expect(!r.notModified && r.value).toBe("before-seal");

    await sealVault(admin);
    expect(sealStatus().sealed).toBe(true);
    expect((await readSecretValue(admin, { path }).catch((e) => e)).status).toBe(503);
  });
});
