import { defineConfig } from "vitest/config";

/** The tests Stryker runs against each mutant: the unit project only (pure core, fake timers, no emulators). */
export default defineConfig({
  test: {
    name: "unit",
    include: ["test/unit/**/*.test.ts"],
  },
});
