import { defineConfig } from "vitest/config";

/**
 * `npm run test:browser`: the web console in Debian's Chromium (playwright-core, no browser download),
 * against a local stack each test file starts itself.
 */
export default defineConfig({
  test: {
    name: "browser",
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
