// Types for drizzle-kit's generated bundle of migrations (migrations.js), which it writes untyped.
declare const migrations: { journal: { entries: { idx: number; when: number; tag: string; breakpoints: boolean }[] }; migrations: Record<string, string> };
export default migrations;
