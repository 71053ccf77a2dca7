import { defineConfig } from "drizzle-kit";
export default defineConfig({
  dialect: "sqlite",
  driver: "durable-sqlite",
  schema: "./src/objects/folio-record/schema.ts",
  out: "./src/objects/folio-record/migrations",
});
