import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { IAM_CALLS } from "../../../functions/adapters/iam-calls";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Every TypeScript module under `functions/`, relative to the repository root. */
const modules = (dir = join(ROOT, "functions")): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return modules(path);
    return entry.name.endsWith(".ts") ? [relative(ROOT, path)] : [];
  });

/**
 * `<file> <SDK command>` for each `new …Command(`, and `<file> <PartiQL verb>` for each PartiQL statement it
 * builds (a template string that starts with the verb and names a table, `"${…}"`).
 */
const callsInSource = (): string[] =>
  modules().flatMap((file) => {
    const source = readFileSync(join(ROOT, file), "utf8");
    const commands = [...source.matchAll(/new (\w+Command)\(/g)].map((match) => `${file} ${match[1]}`);
    const statements = [...source.matchAll(/`(SELECT|INSERT|UPDATE|DELETE) [^`]*"\$\{/g)].map(
      (match) => `${file} ${match[1]}`,
    );
    return [...commands, ...statements];
  });

const unique = (values: readonly string[]) => [...new Set(values)].sort();

describe("IAM_CALLS, the list of the functions' AWS calls", () => {
  it("names every SDK command the functions' code sends, in the module that sends it, and no other", () => {
    // Arrange
    const listed = IAM_CALLS.map((call) => `${call.adapter} ${call.command}`);

    // Act
    const found = callsInSource().filter((call) => call.endsWith("Command"));

    // Assert
    expect(unique(listed)).toEqual(unique(found));
  });

  it("names every PartiQL statement kind the adapters build, and no other", () => {
    // Arrange
    const listed = IAM_CALLS.flatMap((call) => (call.statement ? [`${call.adapter} ${call.statement}`] : []));

    // Act
    const found = callsInSource().filter((call) => !call.endsWith("Command"));

    // Assert
    expect(unique(listed)).toEqual(unique(found));
  });

  it("gives every DynamoDB item call the partition keys it carries, and every PartiQL call its action", () => {
    // Arrange
    const items = IAM_CALLS.filter(
      (call) => call.action.startsWith("dynamodb:") && call.resource !== "effect-table",
    );

    // Assert
    for (const call of items) expect(call.leadingKeys?.("orders").length, call.command).toBeGreaterThan(0);
    for (const call of IAM_CALLS.filter((c) => c.statement)) {
      expect(call.action.toLowerCase()).toBe(`dynamodb:partiql${call.statement?.toLowerCase()}`);
    }
  });
});
