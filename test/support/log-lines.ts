import { expect, vi } from "vitest";

/** The lines a memory logger keeps (see `createMemoryLogger`). */
interface LineSource {
  readonly lines: readonly Record<string, unknown>[];
}

/**
 * Waits until the logger has a line with every one of `fields` (compared with `===`) and returns the first such
 * line; on timeout the failure shows the fields and the last lines written.
 */
export const waitForLogLine = (
  logger: LineSource,
  fields: Readonly<Record<string, unknown>>,
  timeout: number,
): Promise<Record<string, unknown>> =>
  vi.waitFor(
    () => {
      const line = logger.lines.find((candidate) =>
        Object.entries(fields).every(([name, value]) => candidate[name] === value),
      );
      expect(line, `${JSON.stringify(fields)} in ${JSON.stringify(logger.lines.slice(-10))}`).toBeDefined();
      return line as Record<string, unknown>;
    },
    { timeout, interval: 50 },
  );
