import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import { loadConfig } from "../../../functions/core/config/load";
import { type LocalStack, type LocalStackOptions, startLocalStack } from "../../../local/start-local-stack";
import { useStarted } from "../../support/use-started";

/** The one small queue whose consumer is the fixture consumer (`fixtures/fixture.config.ts`). */
const FIXTURE_CONFIG = fileURLToPath(new URL("./fixtures/fixture.config.ts", import.meta.url));

/**
 * `startLocalStack` on the fixture config: the emulators it starts itself (its own fauxqs), the run's DynamoDB
 * Local with tables of its own, and a free port. `options` add to or override that (e.g. other endpoints).
 */
export const startFixtureStack = async (
  options: Omit<Partial<LocalStackOptions>, "config"> = {},
): Promise<LocalStack> => {
  const suffix = randomUUID().slice(0, 8);
  return startLocalStack({
    config: await loadConfig(FIXTURE_CONFIG),
    dynamoDbEndpoint: inject("dynamoDbEndpoint"),
    tables: { idempotency: `fifoq-idempotency-${suffix}`, deadLetters: `fifoq-dead-letters-${suffix}` },
    // Its own scheduled table too: a stack re-arms every pending message of its queues at start.
    scheduledTable: `fifoq-scheduled-${suffix}`,
    port: 0,
    ...options,
  });
};

/** A fixture stack for the file's (or the `describe`'s) tests: started before them, stopped after them. */
export const useFixtureStack = (options: Omit<Partial<LocalStackOptions>, "config"> = {}): LocalStack =>
  useStarted("the fixture stack", () => startFixtureStack(options));
