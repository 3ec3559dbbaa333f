import { afterAll, beforeAll } from "vitest";

/**
 * An object that stands for the one `current()` returns once a hook has made it, so tests can name it at
 * `describe` time; reading it before then throws, saying `what` is not ready.
 */
export const standIn = <T extends object>(what: string, current: () => T | undefined): T =>
  new Proxy({} as T, {
    get: (_target, key) => {
      const live = current();
      if (!live) throw new Error(`${what} is not ready yet (read it inside a test or hook)`);
      return Reflect.get(live, key);
    },
  });

/**
 * Starts something (a stack, an emulator) before the file's (or the `describe`'s) tests and stops it after
 * them. The object it returns stands for the live one; reading it before `beforeAll` has run throws.
 */
export const useStarted = <T extends { stop(): Promise<void> }>(what: string, start: () => Promise<T>): T => {
  let live: T | undefined;
  beforeAll(async () => {
    live = await start();
  });
  afterAll(async () => {
    await live?.stop();
  });
  return standIn(what, () => live);
};
