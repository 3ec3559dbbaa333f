import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../support/spawn-local-stack";

/** Every .ts file under a folder of the repository (no node_modules, no build output). */
const sourceFiles = (folder: string): string[] =>
  readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !/[/\\](node_modules|dist)[/\\]/.test(file));

/** The specifiers a file imports or re-exports (static and dynamic). */
const specifiers = (file: string): string[] =>
  [...readFileSync(file, "utf8").matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["']([^"']+)["']/g)].flatMap(
    (match) => (match[1] === undefined ? [] : [match[1]]),
  );

/** `folder/…` files' imports that land outside what they may use, as `file -> specifier`. */
const crossings = (folder: string, forbidden: (target: string) => boolean): string[] =>
  sourceFiles(folder).flatMap((file) =>
    specifiers(file)
      .filter((specifier) =>
        forbidden(specifier.startsWith(".") ? relative(ROOT, resolve(dirname(file), specifier)) : specifier),
      )
      .map((specifier) => `${relative(ROOT, file)} -> ${specifier}`),
  );

const inside = (folder: string) => (target: string) => target === folder || target.startsWith(`${folder}/`);

describe("the contract module's boundaries", () => {
  it("functions/ imports nothing from client/", () => {
    expect(crossings("functions", inside("client"))).toEqual([]);
  });

  it("client/ imports nothing from functions/", () => {
    expect(crossings("client", inside("functions"))).toEqual([]);
  });

  it("contract/ imports only itself: no package, nothing of either side", () => {
    expect(crossings("contract", (target) => !inside("contract")(target))).toEqual([]);
  });

  it("both sides import the contract", () => {
    // Arrange
    const usesContract = (folder: string) =>
      sourceFiles(folder).some((file) =>
        specifiers(file).some((specifier) =>
          inside("contract")(relative(ROOT, resolve(dirname(file), specifier))),
        ),
      );

    // Act
    const users = { functions: usesContract("functions"), client: usesContract("client") };

    // Assert
    expect(users).toEqual({ functions: true, client: true });
  });
});

describe("the consumer runtime's boundaries", () => {
  it("functions/runtime and functions/handlers do not import each other", () => {
    // Act
    const both = [
      ...crossings("functions/runtime", inside("functions/handlers")),
      ...crossings("functions/handlers", inside("functions/runtime")),
    ];

    // Assert
    expect(both).toEqual([]);
  });

  it("functions/runtime, users' import path, exports defineConsumer and PermanentError (and types) only", async () => {
    // Act
    const runtime = await import("../../../functions/runtime");

    // Assert
    expect(Object.keys(runtime).sort()).toEqual(["PermanentError", "defineConsumer"]);
  });
});
