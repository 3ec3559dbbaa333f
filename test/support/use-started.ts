import { afterAll, beforeAll } from "vitest";

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
  return new Proxy({} as T, {
    get: (_target, key) => {
      if (!live) throw new Error(`${what} is not started yet (read it inside a test or hook)`);
      return Reflect.get(live, key);
    },
  });
};
