import { describe, expect, it } from "vitest";
import { Scanner } from "./engine";

const scanner = new Scanner({ fingerprintKey: "engine-test-key" });
const strip = (fs: ReturnType<Scanner["scanText"]>) => fs.map((f) => [f.ruleId, f.line, f.column, f.fingerprint]);

// Built at run time: random-looking, not a real credential.
const PW = ["Zq8v", "L2mK", "9tRx", "4Wp7"].join("");

/** Line and column (1-based, in UTF-16 code units as editors count) where `needle` starts in `text`. */
function where(text: string, needle: string): [number, number] {
  const before = text.slice(0, text.indexOf(needle)).split("\n");
  return [before.length, before[before.length - 1]!.length + 1];
}

describe("positions: bytes are scanned, lines and columns are the text's", () => {
  const cases: [string, string][] = [
    ["ascii", `const a = 1;\ndb_password = "${PW}"\n`],
    ["utf-8 before the name", `// café ✓ 𝄞 déjà vu\nconst ünïcode = "x"; db_password = "${PW}"\n`],
    ["upper-case keyword", `DB_PASSWORD="${PW}"\n`],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      const found = scanner.scanText(text, "app/config.env");
      expect(found.map((f) => [f.ruleId, f.line, f.column])).toEqual([["generic-secret-assignment", ...where(text, PW)]]);
      expect(strip(scanner.scanBuffer(Buffer.from(text, "utf8"), "app/config.env"))).toEqual(strip(found));
    });
  }

  it("no keyword, no finding", () => {
    expect(scanner.scanText("hello world\nnothing to see\n", "a.env")).toEqual([]);
  });

  it("finds the secret after invalid UTF-8, at its place in the decoded text", () => {
    const buf = Buffer.concat([Buffer.from([0xc3, 0x41, ...Array(40).fill(0x80), 0x0a]), Buffer.from(`x; db_password = "${PW}"\n`)]);
    const found = scanner.scanBuffer(buf, "x.env");
    expect(found.map((f) => [f.ruleId, f.line, f.column])).toEqual([["generic-secret-assignment", ...where(buf.toString("utf8"), PW)]]);
  });

  it("keyword case does not matter, and a keyword split across lines is not one", () => {
    expect(scanner.scanText(`Db_PassWord = "${PW}"`, "a.env")).toHaveLength(1);
    expect(scanner.scanBuffer(Buffer.from(`pa\nss = "${PW}"`), "a.env")).toHaveLength(0);
  });
});

describe("CSV exports", () => {
  const scanner = new Scanner({ fingerprintKey: "csv-test-key" });

  it("reports every row's cell under a password column, at its line and column, quoted cells included", () => {
    const text = 'System;Username;Password\nNAS;itadmin;suA6F6Oxmt8ZR4QSnMiu\n"Printer; 2nd floor";admin;"sXk""dr1n#31Y%EIDbY#"\nWiki;admin;(see 1Password)\n';
    const found = scanner.scanText(text, "IT/service-passwords.csv");
    // "NAS;itadmin;" is 12 characters; '"Printer; 2nd floor";admin;"' is 28
    expect(found.map((f) => [f.line, f.column])).toEqual([
      [2, 13],
      [3, 29],
    ]);
  });

  it("leaves a CSV without a secret-named column alone", () => {
    expect(scanner.scanText("System,Owner,Token count\nNAS,it,suA6F6Oxmt8ZR4QSnMiu\n", "inventory.csv")).toEqual([]);
  });
});
