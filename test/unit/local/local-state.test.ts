import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalStateError } from "../../../local/errors";
import { loadOrCreateKeys } from "../../../local/state/local-keys";
import { openLocalState, resetLocalState } from "../../../local/state/local-state";

describe("the local state directory", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "fifoq-state-unit-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("generates the keys once, owner-only, and gives the same ones back", () => {
    // Arrange
    const { keysFile } = openLocalState(dir);

    // Act
    const first = loadOrCreateKeys(keysFile);
    const again = loadOrCreateKeys(keysFile);

    // Assert
    expect(again).toEqual(first);
    expect(first.apiKey).not.toBe(first.operatorKey);
    expect(first.apiKey.length).toBeGreaterThanOrEqual(20);
    expect(statSync(keysFile).mode & 0o777).toBe(0o600);
  });

  it("uses a given key instead of the kept one without replacing it", () => {
    // Arrange
    const { keysFile } = openLocalState(dir);
    const kept = loadOrCreateKeys(keysFile);

    // Act
    const given = loadOrCreateKeys(keysFile, { apiKey: "a-given-key-of-20-chars" });

    // Assert
    expect(given).toEqual({ apiKey: "a-given-key-of-20-chars", operatorKey: kept.operatorKey });
    expect(loadOrCreateKeys(keysFile)).toEqual(kept);
  });

  it.each(["not json", '{"apiKey":"short","operatorKey":"x"}', "[]"])(
    "refuses a keys file it did not write (%s), naming it and --reset",
    (content) => {
      // Arrange
      const { keysFile } = openLocalState(dir);
      writeFileSync(keysFile, content);

      // Act
      const load = () => loadOrCreateKeys(keysFile);

      // Assert
      expect(load).toThrow(LocalStateError);
      expect(load).toThrow(new RegExp(`${keysFile}.*npm start -- --reset`));
    },
  );

  it("is fresh until something is kept; --reset deletes only what it wrote", () => {
    // Arrange
    const state = openLocalState(dir);
    loadOrCreateKeys(state.keysFile);
    writeFileSync(join(dir, "mine.txt"), "not fifoq's");

    // Act
    const reopened = openLocalState(dir);
    resetLocalState(dir);

    // Assert
    expect(state.fresh).toBe(true);
    expect(reopened.fresh).toBe(false);
    expect(existsSync(state.keysFile)).toBe(false);
    expect(existsSync(state.dynamoDbDir)).toBe(false);
    expect(readFileSync(join(dir, "mine.txt"), "utf8")).toBe("not fifoq's");
    expect(openLocalState(dir).fresh).toBe(true);
  });
});
