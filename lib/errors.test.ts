import { describe, expect, it } from "vitest";
import { AppError, conflictOnUnique } from "./errors";

describe("conflictOnUnique", () => {
  const onTaken = conflictOnUnique("The name is taken.", { name: ["Taken"] });

  it("turns a unique-constraint violation (Prisma P2002) into a 409 with the message and fields", () => {
    const e = (() => {
      try {
        onTaken(Object.assign(new Error("Unique constraint failed"), { code: "P2002" }));
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: "conflict", status: 409, message: "The name is taken.", fields: { name: ["Taken"] } });
  });

  it("passes any other error on unchanged", () => {
    const other = Object.assign(new Error("foreign key"), { code: "P2003" });
    expect(() => onTaken(other)).toThrow(other);
    const plain = new AppError("not_found", "No such thing.");
    expect(() => onTaken(plain)).toThrow(plain);
  });
});
