import { describe, expect, it } from "vitest";
import { recorderEnvironment } from "../../../functions/core/env/function-environments";
import { InvalidEnvError } from "../../../functions/core/errors";
import { readRecorderEnv } from "../../../functions/handlers/dead-letter-recorder";

describe("readRecorderEnv", () => {
  it("reads what recorderEnvironment writes, the optional endpoint, and defaults the log level to info", () => {
    // Arrange: the environment the CDK stack and the local stack give the recorder
    const written = recorderEnvironment({
      queueName: "orders",
      deadLetterTable: "dead",
      idempotencyTable: "idem",
    });

    // Act
    const env = readRecorderEnv({ ...written, FIFOQ_DYNAMODB_ENDPOINT: "http://127.0.0.1:8000" });

    // Assert
    expect(env).toEqual({
      deadLetterTable: "dead",
      idempotencyTable: "idem",
      queue: "orders",
      dynamoDbEndpoint: "http://127.0.0.1:8000",
      logLevel: "info",
    });
  });

  it("names every missing or wrong variable in one error", () => {
    // Act
    const read = () => readRecorderEnv({ FIFOQ_QUEUE_NAME: "Orders!", FIFOQ_LOG_LEVEL: "loud" });

    // Assert
    expect(read).toThrow(InvalidEnvError);
    for (const name of [
      "FIFOQ_DEAD_LETTER_TABLE",
      "FIFOQ_IDEMPOTENCY_TABLE",
      "FIFOQ_QUEUE_NAME",
      "FIFOQ_LOG_LEVEL",
    ]) {
      expect(read).toThrow(name);
    }
  });
});
