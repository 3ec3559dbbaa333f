import { describe, expect, it } from "vitest";
import { parseApiEnv } from "../../../functions/api/env";
import { InvalidEnvError } from "../../../functions/core/errors";

/** The queue list the CDK stack bundles into the function's code, and the one URL prefix in its environment. */
const catalog = {
  orders: { contentBasedDeduplication: true },
  "audit-log": { contentBasedDeduplication: false },
};
const PREFIX = "https://sqs.us-east-1.amazonaws.com/123456789012/FifoqProd-";

const validEnv = (overrides: Record<string, string | undefined> = {}) => ({
  FIFOQ_QUEUES: JSON.stringify(catalog),
  FIFOQ_QUEUE_URL_PREFIX: PREFIX,
  FIFOQ_DEAD_LETTER_TABLE: "fifoq-dead-letters",
  ...overrides,
});

describe("parseApiEnv", () => {
  it("builds every queue's URLs from the prefix and its name, reads the table, and defaults the rest", () => {
    // Act and assert
    expect(parseApiEnv(validEnv())).toEqual({
      queues: {
        orders: {
          url: `${PREFIX}orders.fifo`,
          dlqUrl: `${PREFIX}orders-dlq.fifo`,
          contentBasedDeduplication: true,
        },
        "audit-log": {
          url: `${PREFIX}audit-log.fifo`,
          dlqUrl: `${PREFIX}audit-log-dlq.fifo`,
          contentBasedDeduplication: false,
        },
      },
      deadLetterTable: "fifoq-dead-letters",
      sqsEndpoint: undefined,
      dynamoDbEndpoint: undefined,
      logLevel: "info",
      operatorKeyId: undefined,
      stackName: undefined,
      auth: "apiKey",
      schedules: { declared: [], tickTarget: undefined },
    });
  });

  it("reads each queue's idempotency (scope and window) and the idempotency table when given", () => {
    // Arrange
    const withIdempotency = {
      orders: { contentBasedDeduplication: true, dedupScope: "queue", idempotencyWindowSeconds: 0 },
    };

    // Act
    const env = parseApiEnv(
      validEnv({ FIFOQ_QUEUES: JSON.stringify(withIdempotency), FIFOQ_IDEMPOTENCY_TABLE: "fifoq-idem" }),
    );

    // Assert
    expect(env.queues.orders?.idempotency).toEqual({ scope: "queue", windowSeconds: 0 });
    expect(env.idempotencyTable).toBe("fifoq-idem");
  });

  it.each([
    [
      { dedupScope: "group", idempotencyWindowSeconds: 60 },
      /dedupScope must be one of messageGroup, queue; got "group"/,
    ],
    [
      { dedupScope: "queue" },
      /idempotencyWindowSeconds must be a whole number of seconds \(0: off\); got undefined/,
    ],
    [{ idempotencyWindowSeconds: -1 }, /dedupScope must be one of/],
  ])("refuses a queue's idempotency %j", (fields, message) => {
    // Arrange
    const queues = JSON.stringify({ orders: { contentBasedDeduplication: true, ...fields } });

    // Act and assert
    expect(() => parseApiEnv(validEnv({ FIFOQ_QUEUES: queues }))).toThrow(message);
  });

  it("reads the stack name (the metrics' stack dimension) and the authentication mode", () => {
    // Act and assert
    expect(parseApiEnv(validEnv({ FIFOQ_STACK_NAME: "FifoqProd", FIFOQ_API_AUTH: "iam" }))).toMatchObject({
      stackName: "FifoqProd",
      auth: "iam",
    });
  });

  it("reads optional endpoints and the log level", () => {
    // Act
    const env = parseApiEnv(
      validEnv({
        FIFOQ_SQS_ENDPOINT: "http://127.0.0.1:4566",
        FIFOQ_DYNAMODB_ENDPOINT: "http://127.0.0.1:8000",
        FIFOQ_LOG_LEVEL: "DEBUG",
        FIFOQ_OPERATOR_KEY_ID: "a1b2c3d4e5",
      }),
    );

    // Assert
    expect(env).toMatchObject({
      sqsEndpoint: "http://127.0.0.1:4566",
      dynamoDbEndpoint: "http://127.0.0.1:8000",
      logLevel: "debug",
      operatorKeyId: "a1b2c3d4e5",
    });
  });

  it.each([
    [{ FIFOQ_QUEUES: undefined }, /FIFOQ_QUEUES is not set/],
    [{ FIFOQ_QUEUES: "{oops" }, /FIFOQ_QUEUES = "\{oops" is not allowed; .*\(not valid JSON/],
    [{ FIFOQ_QUEUES: "[]" }, /FIFOQ_QUEUES = "\[\]" is not allowed; expected a non-empty JSON object/],
    [{ FIFOQ_QUEUES: "{}" }, /FIFOQ_QUEUES = "\{\}" is not allowed; expected a non-empty JSON object/],
    [
      { FIFOQ_QUEUES: JSON.stringify({ Orders: catalog.orders }) },
      /FIFOQ_QUEUES = .*\(queue "Orders": the name/,
    ],
    [{ FIFOQ_QUEUES: JSON.stringify({ orders: 3 }) }, /queue "orders": must be an object/],
    [
      { FIFOQ_QUEUES: JSON.stringify({ orders: { contentBasedDeduplication: "yes" } }) },
      /contentBasedDeduplication must be true or false; got "yes"/,
    ],
    [
      { FIFOQ_QUEUE_URL_PREFIX: undefined },
      /FIFOQ_QUEUE_URL_PREFIX is not set; expected what every queue URL/,
    ],
    [{ FIFOQ_QUEUE_URL_PREFIX: "sqs/123/" }, /FIFOQ_QUEUE_URL_PREFIX = "sqs\/123\/" is not allowed/],
    [
      { FIFOQ_STACK_NAME: "1-bad" },
      /FIFOQ_STACK_NAME = "1-bad" is not allowed; expected a CloudFormation stack name/,
    ],
    [{ FIFOQ_API_AUTH: "cognito" }, /FIFOQ_API_AUTH = "cognito" is not allowed; expected one of apiKey, iam/],
    [{ FIFOQ_DEAD_LETTER_TABLE: "" }, /FIFOQ_DEAD_LETTER_TABLE is not set/],
    [
      { FIFOQ_SQS_ENDPOINT: "localhost:4566" },
      /FIFOQ_SQS_ENDPOINT = "localhost:4566" is not allowed; expected an http\(s\) URL/,
    ],
    [
      { FIFOQ_DYNAMODB_ENDPOINT: "ftp://x" },
      /FIFOQ_DYNAMODB_ENDPOINT = "ftp:\/\/x" is not allowed; expected an http\(s\) URL/,
    ],
    [
      { FIFOQ_LOG_LEVEL: "verbose" },
      /FIFOQ_LOG_LEVEL = "verbose" is not allowed; expected one of debug, info, warn, error/,
    ],
  ])("refuses %j naming the variable", (overrides, expected) => {
    expect(() => parseApiEnv(validEnv(overrides))).toThrow(InvalidEnvError);
    expect(() => parseApiEnv(validEnv(overrides))).toThrow(expected);
  });

  it("names every problem in one error", () => {
    // Act
    const read = () => parseApiEnv({ FIFOQ_SQS_ENDPOINT: "nope" });

    // Assert
    expect(read).toThrow(
      /FIFOQ_QUEUES is not set.*\n.*FIFOQ_QUEUE_URL_PREFIX is not set.*\n.*FIFOQ_DEAD_LETTER_TABLE is not set.*\n.*FIFOQ_SQS_ENDPOINT = "nope"/,
    );
  });
});
