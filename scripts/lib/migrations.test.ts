import { describe, expect, it } from "vitest";
import { diffMigrationsToSchema } from "./migrations";

describe("migrations", () => {
  it("match schema.prisma (run `npm run db:diff -- <name>` after changing the schema)", async () => {
    const sql = await diffMigrationsToSchema(process.env.DATABASE_URL!);
    expect(sql).toBe("");
  });
});
