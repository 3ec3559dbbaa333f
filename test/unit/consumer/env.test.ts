import { describe, expect, it } from "vitest";
import { InvalidEnvError } from "../../../functions/core/errors";
import { readConsumerEnv } from "../../../functions/runtime/env";

const valid = {
  FIFOQ_QUEUE_NAME: "orders",
  FIFOQ_DLQ_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/orders-dlq.fifo",
  FIFOQ_IDEMPOTENCY_TABLE: "fifoq-idempotency",
  FIFOQ_IDEMPOTENCY_WINDOW_SECONDS: "86400",
  FIFOQ_DEDUP_SCOPE: "messageGroup",
};

const problemsOf = (env: Record<string, string | undefined>): readonly string[] => {
  try {
    readConsumerEnv(env);
  } catch (error) {
    if (error instanceof InvalidEnvError) return error.problems;
    throw error;
  }
  return [];
};

describe("readConsumerEnv", () => {
  it("reads a complete environment with defaults for the optional variables", () => {
    // Act and assert
    expect(readConsumerEnv(valid)).toEqual({
      queue: "orders",
      dlqUrl: valid.FIFOQ_DLQ_URL,
      idempotencyWindowSeconds: 86400,
      idempotencyTable: "fifoq-idempotency",
      dedupScope: "messageGroup",
      commitIntervalMs: undefined,
      effectTables: {},
      queueUrl: undefined,
      retry: false,
      sqsEndpoint: undefined,
      dynamoDbEndpoint: undefined,
      logLevel: "info",
    });
  });

  it.each([
    [
      "emulator endpoints and the log level",
      {
        FIFOQ_SQS_ENDPOINT: "http://127.0.0.1:4566",
        FIFOQ_DYNAMODB_ENDPOINT: "http://127.0.0.1:8000",
        FIFOQ_LOG_LEVEL: "debug",
      },
      {
        sqsEndpoint: "http://127.0.0.1:4566",
        dynamoDbEndpoint: "http://127.0.0.1:8000",
        logLevel: "debug",
      },
    ],
    [
      "the dedup scope, the commit interval and the effect tables",
      {
        FIFOQ_DEDUP_SCOPE: "queue",
        FIFOQ_COMMIT_INTERVAL_MS: "250",
        FIFOQ_EFFECT_TABLES: "orders,ledger.v2=prod-ledger.v2",
      },
      {
        dedupScope: "queue",
        commitIntervalMs: 250,
        effectTables: { orders: "orders", "ledger.v2": "prod-ledger.v2" },
      },
    ],
  ])("reads %s", (_what, vars, read) => {
    // Act
    const env = readConsumerEnv({ ...valid, ...vars });

    // Assert
    expect(env).toMatchObject(read);
  });

  it("reads the stack name, the metrics' stack dimension (unset: no metrics)", () => {
    expect(readConsumerEnv({ ...valid, FIFOQ_STACK_NAME: "FifoqProd" }).stackName).toBe("FifoqProd");
    expect(readConsumerEnv(valid).stackName).toBeUndefined();
  });

  it("does not need a table when the window is 0 (idempotency off)", () => {
    // Act
    const env = readConsumerEnv({
      ...valid,
      FIFOQ_IDEMPOTENCY_TABLE: undefined,
      FIFOQ_IDEMPOTENCY_WINDOW_SECONDS: "0",
    });

    // Assert
    expect([env.idempotencyWindowSeconds, env.idempotencyTable]).toEqual([0, undefined]);
  });

  it("reads the table when the window is 0 (it still holds the failure log)", () => {
    // Act
    const env = readConsumerEnv({ ...valid, FIFOQ_IDEMPOTENCY_WINDOW_SECONDS: "0" });

    // Assert
    expect([env.idempotencyWindowSeconds, env.idempotencyTable]).toEqual([0, "fifoq-idempotency"]);
  });

  it("names every missing variable at once", () => {
    // Act and assert
    expect(problemsOf({})).toEqual([
      "FIFOQ_QUEUE_NAME is not set; expected a queue name of [a-z0-9-]{1,64}",
      "FIFOQ_DLQ_URL is not set; expected the http(s) URL of the dead-letter queue",
      "FIFOQ_IDEMPOTENCY_WINDOW_SECONDS is not set; expected whole seconds, 0 for off",
      "FIFOQ_DEDUP_SCOPE is not set; expected messageGroup or queue",
    ]);
  });

  it("requires the table when the window is above 0", () => {
    expect(problemsOf({ ...valid, FIFOQ_IDEMPOTENCY_TABLE: " " })).toEqual([
      "FIFOQ_IDEMPOTENCY_TABLE is not set; expected the idempotency table name (the window is above 0)",
    ]);
  });

  it.each([
    ["FIFOQ_QUEUE_NAME", "Orders.fifo"],
    ["FIFOQ_DLQ_URL", "orders-dlq"],
    ["FIFOQ_IDEMPOTENCY_WINDOW_SECONDS", "1.5"],
    ["FIFOQ_IDEMPOTENCY_WINDOW_SECONDS", "-1"],
    ["FIFOQ_SQS_ENDPOINT", "localhost:4566"],
    ["FIFOQ_LOG_LEVEL", "verbose"],
    ["FIFOQ_STACK_NAME", "9-lives"],
    ["FIFOQ_DEDUP_SCOPE", "group"],
    ["FIFOQ_COMMIT_INTERVAL_MS", "60001"],
    ["FIFOQ_EFFECT_TABLES", "orders,a b"],
    ["FIFOQ_EFFECT_TABLES", "ledger=prod-ledger=x"],
    ["FIFOQ_EFFECT_TABLES", "ledger="],
    ["FIFOQ_QUEUE_URL", "orders.fifo"],
  ])("refuses %s = %s, naming the variable and the value", (name, value) => {
    // Act
    const problems = problemsOf({ ...valid, [name]: value });

    // Assert
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`${name} = ${JSON.stringify(value)} is not allowed; expected`);
  });

  describe("retry backoff", () => {
    const retry = {
      FIFOQ_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/orders.fifo",
      FIFOQ_RETRY_MIN_SECONDS: "1",
      FIFOQ_RETRY_MAX_SECONDS: "300",
    };

    it("reads the policy and the queue URL it needs", () => {
      // Act and assert
      expect(readConsumerEnv({ ...valid, ...retry })).toMatchObject({
        queueUrl: retry.FIFOQ_QUEUE_URL,
        retry: { minSeconds: 1, maxSeconds: 300 },
      });
    });

    it("is off when neither variable is set, and then needs no queue URL", () => {
      expect(readConsumerEnv(valid)).toMatchObject({ queueUrl: undefined, retry: false });
    });

    it("requires the queue URL when it is on", () => {
      expect(problemsOf({ ...valid, ...retry, FIFOQ_QUEUE_URL: undefined })).toEqual([
        "FIFOQ_QUEUE_URL is not set; expected the http(s) URL of the queue",
      ]);
    });

    it.each([
      [
        { FIFOQ_RETRY_MAX_SECONDS: undefined },
        "FIFOQ_RETRY_MAX_SECONDS is not set; expected whole seconds, at least 1, with both retry variables set or neither",
      ],
      [
        { FIFOQ_RETRY_MIN_SECONDS: " " },
        "FIFOQ_RETRY_MIN_SECONDS is not set; expected whole seconds, at least 1, with both retry variables set or neither",
      ],
      [
        { FIFOQ_RETRY_MIN_SECONDS: "0" },
        'FIFOQ_RETRY_MIN_SECONDS = "0" is not allowed; expected whole seconds',
      ],
      [{ FIFOQ_RETRY_MAX_SECONDS: "2.5" }, 'FIFOQ_RETRY_MAX_SECONDS = "2.5" is not allowed; expected whole'],
    ])("refuses %j: %s", (overrides, problem) => {
      // Act
      const problems = problemsOf({ ...valid, ...retry, ...overrides });

      // Assert
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(problem);
    });
  });

  it("puts every problem in the error message", () => {
    expect(() => readConsumerEnv({ FIFOQ_LOG_LEVEL: "loud" })).toThrow(
      /fifoq consumer: invalid environment:\n {2}- FIFOQ_QUEUE_NAME is not set.*\n.*FIFOQ_LOG_LEVEL = "loud"/s,
    );
  });
});
