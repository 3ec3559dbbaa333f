import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../../functions/core/config/load";
import { LocalStackError } from "../../../local/errors";
import { type ApiFunction, startApiFunction } from "../../../local/functions/api-function";
import { apiEvent, jsonBody } from "../../factories/api-gateway";
import { createMemoryLogger } from "../../support/memory-logger";

const CONFIG = new URL("./fixtures/fixture.config.ts", import.meta.url).pathname;

/** The fixture queue at an address where nothing listens: these requests never reach SQS. */
const localQueues = async () => {
  const [config] = (await loadConfig(CONFIG)).queues;
  if (!config) throw new Error("the fixture config has a queue");
  const url = "http://127.0.0.1:9/000000000000/";
  return [
    {
      config,
      provisioned: {
        name: config.name,
        url: `${url}${config.fifoName}`,
        arn: `arn:aws:sqs:us-east-1:000000000000:${config.fifoName}`,
        dlqUrl: `${url}${config.dlqFifoName}`,
        dlqArn: `arn:aws:sqs:us-east-1:000000000000:${config.dlqFifoName}`,
      },
    },
  ];
};

const runtime = {
  base: {},
  sqsEndpoint: "http://127.0.0.1:9",
  dynamoDbEndpoint: "http://127.0.0.1:9",
  payloadBucket: "fifoq-payloads",
  logLevel: "info" as const,
};

describe("the local API function: the API Lambda's own module (handlers/api.ts) in a worker", () => {
  let api: ApiFunction | undefined;
  afterEach(async () => {
    await api?.stop();
    api = undefined;
  });

  it("answers through the real router, with the environment its edge read", async () => {
    // Arrange
    api = await startApiFunction({
      queues: await localQueues(),
      deadLetterTable: "fifoq-dead-letters",
      idempotencyTable: "fifoq-idempotency",
      operatorKeyId: "operator",
      runtime,
      logger: createMemoryLogger(),
    });

    // Act: a queue the environment's queue list does not name
    const result = await api.handler(
      apiEvent({ path: "/queues/unknown/dead-letters", apiKeyId: "operator" }),
    );

    // Assert
    expect(result.statusCode).toBe(404);
    expect(jsonBody(result)).toMatchObject({ error: { code: "QUEUE_NOT_FOUND" } });
  });

  it("fails to start when its edge refuses the environment (parseApiEnv runs, naming the variable)", async () => {
    // Act
    const starting = startApiFunction({
      queues: await localQueues(),
      deadLetterTable: "",
      idempotencyTable: "",
      operatorKeyId: "operator",
      runtime,
      logger: createMemoryLogger(),
    });

    // Assert
    await expect(starting).rejects.toThrow(LocalStackError);
    await expect(starting).rejects.toThrow(/FIFOQ_DEAD_LETTER_TABLE/);
  });
});
