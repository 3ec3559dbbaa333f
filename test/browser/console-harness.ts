import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, vi } from "vitest";
import { FifoqClient, type Message } from "../../client/src/index.js";
import { createDynamoDbClient, lazyS3Client } from "../../functions/adapters/aws-clients";
import { createDynamoDbDeadLetterStore } from "../../functions/adapters/dead-letters/dead-letter-store";
import { createS3PayloadStore } from "../../functions/adapters/s3/payload-store";
import type { DeadLetterStore } from "../../functions/core/dead-letters/store";
import { LOCAL_PAYLOAD_BUCKET } from "../../local/provision/s3";
import { type SpawnedStack, spawnLocalStack } from "../support/spawn-local-stack";
import { type Browser, launchChromium } from "./chromium";

export const QUEUE = "orders";

/** An order the example consumer dead-letters at once (PermanentError: amount must not be negative). */
export const poison = (groupId: string, orderId: string): Message => ({
  body: { orderId, amount: -1 },
  groupId,
  dedupId: orderId,
  attributes: { source: "checkout" },
});

/** The widths the console is built for: a phone and a laptop. */
export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

export interface Harness {
  readonly stack: SpawnedStack;
  readonly browser: Browser;
  readonly operator: FifoqClient;
  readonly producer: FifoqClient;
  /** Page errors and CSP violations seen on any page opened with `newPage`. */
  readonly problems: string[];
  close(): Promise<void>;
}

/** A local stack (`npm start`) and a headless Chromium whose pages record CSP violations. */
const startHarness = async (): Promise<Harness> => {
  const stack = await spawnLocalStack();
  const browser = await launchChromium();
  // Init scripts run outside the page's CSP; this one records every violation the page causes.
  await browser.context.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { __cspViolations: seen });
    document.addEventListener("securitypolicyviolation", (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  return {
    stack,
    browser,
    operator: new FifoqClient({ url: stack.url, apiKey: stack.operatorKey }),
    producer: new FifoqClient({ url: stack.url, apiKey: stack.apiKey }),
    problems: [],
    close: async () => {
      await browser.close();
      await stack.stop();
    },
  };
};

/**
 * The file's harness: started before its tests (then `setup` runs, e.g. to seed dead letters) and closed after
 * them. The returned harness reads the started one, so tests use it as they would `startHarness()`'s.
 */
export const useHarness = (setup?: () => Promise<void>): Harness => {
  let started: Harness | undefined;
  const current = (): Harness => {
    if (!started) throw new Error("the console harness starts before the tests");
    return started;
  };
  beforeAll(async () => {
    started = await startHarness();
    await setup?.();
  }, 240_000);
  afterAll(async () => {
    await started?.close();
  });
  return {
    get stack() {
      return current().stack;
    },
    get browser() {
      return current().browser;
    },
    get operator() {
      return current().operator;
    },
    get producer() {
      return current().producer;
    },
    get problems() {
      return current().problems;
    },
    close: () => current().close(),
  };
};

export interface PageOptions {
  readonly viewport?: { readonly width: number; readonly height: number };
  readonly colorScheme?: "light" | "dark";
}

/** A new tab (its own session storage) at a viewport and colour scheme. */
export const newPage = async (harness: Harness, options: PageOptions = {}): Promise<Page> => {
  const page = await harness.browser.context.newPage();
  await page.setViewportSize(options.viewport ?? DESKTOP);
  await page.emulateMedia({ colorScheme: options.colorScheme ?? "light" });
  page.on("pageerror", (error) => harness.problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (/Content.Security.Policy|Trusted Type/i.test(message.text()))
      harness.problems.push(`CSP: ${message.text()}`);
  });
  return page;
};

/** Publishes messages and waits until the queue holds `expectNew` new dead letters; their message ids. */
export const seed = async (
  harness: Harness,
  messages: readonly Message[],
  expectNew: number,
): Promise<string[]> => {
  const sent = await harness.producer.publishBatch(QUEUE, messages);
  expect(sent.failed).toBe(0);
  await vi.waitFor(
    async () => {
      const page = await harness.operator.listDeadLetters(QUEUE, { status: "new", limit: 100 });
      expect(page.items.length).toBe(expectNew);
    },
    { timeout: 30_000, interval: 200 },
  );
  return sent.results.map((entry) => ("messageId" in entry ? entry.messageId : ""));
};

/** The dead-letter table of `npm start` (`local/start-local-stack.ts`). */
const DEAD_LETTER_TABLE = "fifoq-dead-letters";

/**
 * fifoq's own dead-letter store on the harness's stack (DynamoDB Local, large bodies in fauxqs's S3), to put a
 * dead letter in a state no publish makes quickly (claimed long ago, too large for one answer, body lost).
 */
export const deadLetterStore = (harness: Harness): DeadLetterStore => {
  const endpoint = (service: string) => new RegExp(`${service}: +(\\S+)`).exec(harness.stack.output())?.[1];
  return createDynamoDbDeadLetterStore({
    dynamo: createDynamoDbClient({ endpoint: endpoint("dynamodb") }),
    table: DEAD_LETTER_TABLE,
    payloads: createS3PayloadStore({
      s3: lazyS3Client({ endpoint: endpoint("sqs") }),
      bucket: LOCAL_PAYLOAD_BUCKET,
    }),
  });
};

/** Opens the console (at `path`, e.g. `/console#/queues/orders`) and signs in with `key`. */
export const signIn = async (page: Page, harness: Harness, key: string, path = "/console"): Promise<void> => {
  await page.goto(`${harness.stack.url}${path}`);
  await page.fill("#key", key);
  await page.click("#signin-form button[type=submit]");
  await page.locator("#queues").waitFor({ state: "visible", timeout: 10_000 });
};

export const rowOf = (page: Page, id: string) => page.locator(`#dl-table tr[data-id="${id}"]`);

/** Clicks a dead letter's link and waits for its record. */
export const openRecord = async (page: Page, id: string): Promise<void> => {
  await rowOf(page, id).locator("a").click();
  await expect.poll(() => page.locator("#record-id").textContent()).toBe(id);
};

/** The Content-Security-Policy violations the page's current document saw. */
export const violations = async (page: Page): Promise<string[]> =>
  (await page.evaluate(() => (window as { __cspViolations?: string[] }).__cspViolations)) ?? [];

/** Closes a tab, keeping its CSP violations in `problems` for a last test to assert none. */
export const closePage = async (harness: Harness, page: Page): Promise<void> => {
  harness.problems.push(...(await violations(page)).map((violation) => `CSP: ${violation}`));
  await page.close();
};
