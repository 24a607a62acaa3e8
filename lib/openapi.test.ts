import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/openapi.json/route";
import { buildOpenApi } from "@/lib/openapi";
import { routeFiles } from "@/tests/route-files";

describe("OpenAPI document", () => {
  const doc = buildOpenApi();

  it("documents every route and method under app/api/v1, and nothing that does not exist", () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThan(10);
    const missing: string[] = [];
    const documented = new Set<string>();
    for (const f of files) {
      expect(f.methods.length, `${f.file} exports no handler`).toBeGreaterThan(0);
      for (const method of f.methods) {
        const m = method.toLowerCase();
        documented.add(`${m} ${f.path}`);
        if (!(doc.paths[f.path] as Record<string, unknown> | undefined)?.[m]) missing.push(`${method} ${f.path} (${f.file})`);
      }
    }
    expect(missing, "routes without OpenAPI documentation: add them to lib/openapi.ts").toEqual([]);
    const stale = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)).filter((k) => !documented.has(k));
    expect(stale, "documented operations without a route file").toEqual([]);
  });

  it("is OpenAPI 3.1 with security schemes, the error shape and unique operation ids", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["personalToken", "session", "workloadToken"]);
    expect(doc.components.schemas.Error).toMatchObject({ type: "object", properties: { error: { type: "object" } } });
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => (o as { operationId: string }).operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("derives bodies and query parameters from the zod schemas", () => {
    const post = doc.paths["/api/v1/teams"].post as { requestBody: { content: Record<string, { schema: { properties: object; additionalProperties: boolean; required: string[] } }> } };
    const body = post.requestBody.content["application/json"].schema;
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(["name", "slug", "description", "managerId", "memberIds"]));
    expect(body.additionalProperties).toBe(false);
    expect(body.required).toEqual(["name"]);
    const backend = (doc.paths["/api/v1/backends"].post as { requestBody: { content: Record<string, { schema: { oneOf: unknown[] } }> } }).requestBody.content["application/json"].schema;
    expect(backend.oneOf).toHaveLength(10);
    const list = doc.paths["/api/v1/secrets"].get as { parameters: Array<{ name: string; in: string }> };
    expect(list.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(["q", "page", "pageSize", "sort", "order", "environment", "ownerTeamId"]));
  });

  it("is served without authentication", async () => {
    const res = GET();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.paths["/api/v1/openapi.json"].get.security).toEqual([]);
  });
});
