import { defineConfig, mergeConfig, type ViteUserConfig } from "vitest/config";
import base from "./vitest.config";

// `npm run drill`: the reliability drills (drill/**/*.drill.ts, full size) and the fast reliability
// tests, in the same workerd project and global setup as `npm test` (taken from vitest.config.ts, so
// the fakes it starts are the drills' too). Files run one at a time: the load drill measures timing
// on a 2-core machine and must not share it with another drill.
export default defineConfig(async (env) => {
  const resolved = (typeof base === "function" ? await base(env) : await base) as ViteUserConfig;
  return mergeConfig(resolved, {
    test: {
      include: ["drill/**/*.drill.ts", "test/reliability/**/*.test.ts", "test/api/roles.test.ts"],
      fileParallelism: false,
      testTimeout: 900_000,
      hookTimeout: 300_000,
    },
  });
});
