import { describe, expect, it } from "vitest";
import { isPlaceholder, isStrongPlaceholder } from "./allowlist";
import { Scanner } from "./engine";

describe("placeholders", () => {
  it("ten or more ascending characters are typed, for every rule", () => {
    expect(isStrongPlaceholder("AIzaSyabcdefghijklmnopqrstuvwxyz1234567")).toBe(true);
    expect(isStrongPlaceholder("figd_aBcDeFgHiJkLmNoPqRsT1234567890")).toBe(true);
    // a generated key with short runs is not
    expect(isStrongPlaceholder("AIzaSyD4f9Qm2xLk7TbW1vNcR8pHs3jYe6uZa0o")).toBe(false);
    expect(isStrongPlaceholder("12345678-ABCD-ABCD-ABCD-1234567890AB")).toBe(false);
  });

  it("context words mark example values", () => {
    expect(isPlaceholder("somefakekey")).toBe(true);
    expect(isPlaceholder("bogus-token-9f2c")).toBe(true);
    expect(isPlaceholder("q8Zr2vLx7Tn4")).toBe(false);
  });

  it("base64 of readable placeholder text is a placeholder; base64 of random bytes is not", () => {
    expect(isPlaceholder(Buffer.from("dummy text data data data").toString("base64"))).toBe(true);
    expect(isPlaceholder(Buffer.from("please changeme now").toString("base64"))).toBe(true);
    expect(isPlaceholder("R6WCNd0erkAuZyD+Fe8C4IwjpYQtniKqnHAzE7Pk5fPrBRpwOnuYxA==")).toBe(false);
  });
});

describe("published credentials", () => {
  const scanner = new Scanner({ fingerprintKey: "k" });
  it("are not reported by any rule, in any syntax", () => {
    expect(scanner.scanText('const config = { apiKey: "AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs" };', "app.js")).toEqual([]);
    expect(scanner.scanText('<add key="ClearTextPassword" value="33f!!lloppa" />', "NuGet.Config")).toEqual([]);
    expect(scanner.scanText("apiKey: '6fe4476ee5a1832882e326b506d14126',", "search.js")).toEqual([]);
  });
  it("only by exact value: one character changed is a secret again", () => {
    expect(scanner.scanText('const config = { apiKey: "AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIt" };', "app.js").map((f) => f.ruleId)).toEqual(["gcp-api-key"]);
    expect(scanner.scanText('<add key="ClearTextPassword" value="33f!!lloppb" />', "NuGet.Config")).toHaveLength(1);
    expect(scanner.scanText("apiKey: '6fe4476ee5a1832882e326b506d14127',", "search.js")).toHaveLength(1);
  });
});
