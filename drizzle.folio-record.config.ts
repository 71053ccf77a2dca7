import { defineConfig } from "drizzle-kit";
export default defineConfig({
  dialect: "sqlite",
  driver: "durable-sqlite",
  schema: "./src/engine/aggregate/schema.ts",
  out: "./src/engine/aggregate/migrations",
});
