import { describe, expect, it } from "vitest";
import { pickParams, pickQuery } from "./list-query";

describe("picking a page's list query from its search params", () => {
  const sp = { q: "db", type: ["api_key", "password"], hide: "name", page: "2", status: "", sort: undefined };

  it("pickQuery keeps only the given keys, drops empty ones and keeps repeated values", () => {
    expect(pickQuery(sp, ["q", "type", "page", "status", "sort"])).toEqual({ q: "db", type: ["api_key", "password"], page: "2" });
  });

  it("pickParams takes the first of repeated values and fills defaults", () => {
    expect(pickParams(sp, ["q", "type", "status"], { sort: "name" })).toEqual({ sort: "name", q: "db", type: "api_key" });
  });
});
