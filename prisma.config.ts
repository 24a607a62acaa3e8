import "dotenv/config";
import { defineConfig } from "prisma/config";

// DATABASE_URL is optional here so `prisma generate` works before any database exists.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/keyward" },
});
