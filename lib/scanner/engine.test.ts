import { describe, expect, it } from "vitest";
import { Scanner } from "./engine";

const scanner = new Scanner({ fingerprintKey: "engine-test-key" });
const strip = (fs: ReturnType<Scanner["scanText"]>) => fs.map((f) => [f.ruleId, f.line, f.column, f.fingerprint]);

// Built at run time: random-looking, not a real credential.
const PW = ["Zq8v", "L2mK", "9tRx", "4Wp7"].join("");

describe("scanBuffer (bytes) agrees with scanText (string)", () => {
  const cases: [string, string][] = [
    ["ascii", `const a = 1;\ndb_password = "${PW}"\n`],
    ["utf-8 before the name", `// café ✓ 𝄞 déjà vu\nconst ünïcode = "x";\ndb_password = "${PW}"\n`],
    ["upper-case keyword", `DB_PASSWORD="${PW}"\nAPI_TOKEN=ghp_${"Qx7bK2mZ9pL4vT8rW3nY6cF1hJ5dS0gAqqqq".slice(0, 36)}\n`],
    ["no keyword", "hello world\nnothing to see\n"],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      expect(strip(scanner.scanBuffer(Buffer.from(text, "utf8"), "app/config.env"))).toEqual(strip(scanner.scanText(text, "app/config.env")));
    });
  }

  it("finds the secret after invalid UTF-8 (replacement characters shift offsets)", () => {
    const buf = Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3, 0x0a]), Buffer.from(`db_password = "${PW}"\n`)]);
    const found = scanner.scanBuffer(buf, "x.env");
    expect(found.map((f) => f.ruleId)).toEqual(["generic-secret-assignment"]);
    expect(strip(found)).toEqual(strip(scanner.scanText(buf.toString("utf8"), "x.env")));
  });

  it("keyword case does not matter, and a keyword split across lines is not one", () => {
    expect(scanner.scanText(`Db_PassWord = "${PW}"`, "a.env")).toHaveLength(1);
    expect(scanner.scanBuffer(Buffer.from(`pa\nss = "${PW}"`), "a.env")).toHaveLength(0);
  });
});
