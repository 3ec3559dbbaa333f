/**
 * Mutation testing of the pure core (`npm run mutation`; not part of `npm test` or CI: it is slow).
 * Narrow a run with `npm run mutation -- --mutate "functions/core/idempotency/**"`. Incremental: a rerun
 * tests only the mutants whose code or tests changed (state in reports/, git-ignored).
 */
export default {
  testRunner: "vitest",
  vitest: { configFile: "test/mutation/vitest.config.ts", related: true },
  mutate: ["functions/core/**/*.ts"],
  ignorePatterns: ["cdk.out", ".fifoq", "coverage", "client/dist", "reports"],
  coverageAnalysis: "perTest",
  concurrency: 2,
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  reporters: ["clear-text", "html", "json", "progress"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 90, low: 85, break: null },
  timeoutMS: 10_000,
  // Stryker rewrites the tsconfig it names with TypeScript's JS API, which TypeScript 7 (native) no longer
  // has. Ours has no `extends` or `references` to rewrite, so it names no file: the sandbox keeps ours as is.
  tsconfigFile: "",
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
