import { FifoqClient } from "../../client/src/index.js";

/** The key lives in this tab's session storage only: closing the tab forgets it. */
const KEY_ITEM = "fifoq.console.key";

/** The API is the console's own origin and stage: `<url>/console` → `<url>`. */
export const apiUrl = `${location.origin}${location.pathname.replace(/\/console\/?$/, "")}`;

export const savedKey = (): string | undefined => sessionStorage.getItem(KEY_ITEM) ?? undefined;

export const keepKey = (key: string): void => sessionStorage.setItem(KEY_ITEM, key);

export const forgetKey = (): void => sessionStorage.removeItem(KEY_ITEM);

export const clientFor = (key: string): FifoqClient =>
  new FifoqClient({ url: apiUrl, apiKey: key, retry: { maxAttempts: 3 } });
