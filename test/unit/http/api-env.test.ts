import { describe, expect, it } from "vitest";
import { parseApiEnv } from "../../../functions/api/env";
import { InvalidEnvError } from "../../../functions/core/errors";

const queues = {
  orders: {
    url: "https://sqs.us-east-1.amazonaws.com/1/orders.fifo",
    dlqUrl: "https://sqs.us-east-1.amazonaws.com/1/orders-dlq.fifo",
    contentBasedDeduplication: true,
  },
};

const validEnv = (overrides: Record<string, string | undefined> = {}) => ({
  FIFOQ_QUEUES: JSON.stringify(queues),
  FIFOQ_DEAD_LETTER_TABLE: "fifoq-dead-letters",
  ...overrides,
});

describe("parseApiEnv", () => {
  it("reads the queues, the table, and defaults the rest", () => {
    expect(parseApiEnv(validEnv())).toEqual({
      queues,
      deadLetterTable: "fifoq-dead-letters",
      sqsEndpoint: undefined,
      dynamoDbEndpoint: undefined,
      logLevel: "info",
    });
  });

  it("reads optional endpoints and the log level", () => {
    const env = parseApiEnv(
      validEnv({
        FIFOQ_SQS_ENDPOINT: "http://127.0.0.1:4566",
        FIFOQ_DYNAMODB_ENDPOINT: "http://127.0.0.1:8000",
        FIFOQ_LOG_LEVEL: "DEBUG",
      }),
    );
    expect(env).toMatchObject({
      sqsEndpoint: "http://127.0.0.1:4566",
      dynamoDbEndpoint: "http://127.0.0.1:8000",
      logLevel: "debug",
    });
  });

  it.each([
    [{ FIFOQ_QUEUES: undefined }, /FIFOQ_QUEUES is not set/],
    [{ FIFOQ_QUEUES: "{oops" }, /FIFOQ_QUEUES = "\{oops" is not allowed; .*\(not valid JSON/],
    [{ FIFOQ_QUEUES: "[]" }, /FIFOQ_QUEUES = "\[\]" is not allowed; expected a non-empty JSON object/],
    [{ FIFOQ_QUEUES: "{}" }, /FIFOQ_QUEUES = "\{\}" is not allowed; expected a non-empty JSON object/],
    [
      { FIFOQ_QUEUES: JSON.stringify({ Orders: queues.orders }) },
      /FIFOQ_QUEUES = .*\(queue "Orders": the name/,
    ],
    [
      { FIFOQ_QUEUES: JSON.stringify({ orders: { ...queues.orders, url: "nope" } }) },
      /queue "orders": url must be/,
    ],
    [
      { FIFOQ_QUEUES: JSON.stringify({ orders: { ...queues.orders, dlqUrl: 3 } }) },
      /queue "orders": dlqUrl must be/,
    ],
    [
      { FIFOQ_QUEUES: JSON.stringify({ orders: { ...queues.orders, contentBasedDeduplication: "yes" } }) },
      /contentBasedDeduplication must be true or false; got "yes"/,
    ],
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
      /FIFOQ_QUEUES is not set.*\n.*FIFOQ_DEAD_LETTER_TABLE is not set.*\n.*FIFOQ_SQS_ENDPOINT = "nope"/,
    );
  });
});
