import { defineConfig } from "vitest/config";

/**
 * The end-to-end suite: HTTP only, against any deployed fifoq (FIFOQ_E2E_URL + FIFOQ_E2E_API_KEY), or
 * against a local stack its global setup starts when those are absent.
 */
export default defineConfig({
  test: {
    name: "e2e",
    include: ["test/e2e/**/*.test.ts"],
    globalSetup: ["test/e2e/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
