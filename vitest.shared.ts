import type { ViteUserConfig } from "vitest/config";

/** Shared vitest settings: every package writes a JSON report that `scripts/test-summary.mjs` adds up. */
export const sharedTestConfig: ViteUserConfig["test"] = {
  include: ["src/**/*.test.ts"],
  testTimeout: 20_000,
  hookTimeout: 20_000,
  reporters: ["default", "json"],
  outputFile: { json: "./test-results.json" },
};
