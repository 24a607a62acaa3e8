import { describe, expect, it } from "vitest";
import { isFiltered, pickParams, pickQuery } from "./list-query";

describe("picking a page's list query from its search params", () => {
  const sp = { q: "db", type: ["api_key", "password"], hide: "name", page: "2", status: "", sort: undefined };

  it("pickQuery keeps only the given keys, drops empty ones and keeps repeated values", () => {
    expect(pickQuery(sp, ["q", "type", "page", "status", "sort"])).toEqual({ q: "db", type: ["api_key", "password"], page: "2" });
  });

  it("pickParams takes the first of repeated values and fills defaults", () => {
    expect(pickParams(sp, ["q", "type", "status"], { sort: "name" })).toEqual({ sort: "name", q: "db", type: "api_key" });
  });
});

describe("isFiltered", () => {
  it("is false for paging and sorting alone, true for anything else", () => {
    expect(isFiltered({})).toBe(false);
    expect(isFiltered({ page: "2", pageSize: "50", sort: "name", order: "desc" })).toBe(false);
    expect(isFiltered({ page: "2", q: "db" })).toBe(true);
    expect(isFiltered({ ownerTeamId: "t" })).toBe(true);
  });

  it("also ignores the keys a page names", () => {
    expect(isFiltered({ groupBy: "repository" })).toBe(true);
    expect(isFiltered({ groupBy: "repository", sort: "name" }, ["groupBy"])).toBe(false);
    expect(isFiltered({ groupBy: "repository", severity: "high" }, ["groupBy"])).toBe(true);
  });
});
