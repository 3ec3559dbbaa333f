import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidEnvError } from "../../../functions/core/errors";
import { DEFAULT_PORT, readLocalEnv } from "../../../local/env";

describe("readLocalEnv", () => {
  it("uses port 3000, fifoq.config.ts in the working directory and level info by default", () => {
    // Act
    const env = readLocalEnv({}, "/work");

    // Assert
    expect(env).toEqual({
      port: DEFAULT_PORT,
      configPath: resolve("/work", "fifoq.config.ts"),
      sqsEndpoint: undefined,
      dynamoDbEndpoint: undefined,
      apiKey: undefined,
      operatorKey: undefined,
      logLevel: "info",
      stateDir: resolve("/work", ".fifoq"),
      iam: "on",
    });
  });

  it("reads every variable it knows", () => {
    // Act
    const env = readLocalEnv(
      {
        PORT: "0",
        FIFOQ_CONFIG: "other.config.ts",
        FIFOQ_SQS_ENDPOINT: "http://localhost:4566",
        FIFOQ_DYNAMODB_ENDPOINT: "http://localhost:4566",
        FIFOQ_API_KEY: "a-local-key-of-20-chars",
        FIFOQ_OPERATOR_KEY: "an-operator-key-of-20-chars",
        FIFOQ_LOG_LEVEL: "debug",
        FIFOQ_STATE_DIR: "/tmp/state",
        FIFOQ_LOCAL_IAM: "off",
      },
      "/work",
    );

    // Assert
    expect(env).toMatchObject({
      port: 0,
      configPath: resolve("/work", "other.config.ts"),
      sqsEndpoint: "http://localhost:4566",
      dynamoDbEndpoint: "http://localhost:4566",
      apiKey: "a-local-key-of-20-chars",
      operatorKey: "an-operator-key-of-20-chars",
      logLevel: "debug",
      stateDir: "/tmp/state",
      iam: "off",
    });
  });

  it.each([
    [{ PORT: "http" }, /PORT = "http" is not allowed; expected an integer from 0/],
    [{ PORT: "70000" }, /PORT = "70000"/],
    [
      { FIFOQ_SQS_ENDPOINT: "localhost:4566" },
      /FIFOQ_SQS_ENDPOINT = "localhost:4566" is not allowed; expected an http\(s\) URL/,
    ],
    [{ FIFOQ_API_KEY: "short" }, /FIFOQ_API_KEY = "short" is not allowed; expected at least 20 characters/],
    [{ FIFOQ_OPERATOR_KEY: "short" }, /FIFOQ_OPERATOR_KEY = "short" is not allowed; expected at least 20/],
    [
      { FIFOQ_API_KEY: "the-same-key-0123456789", FIFOQ_OPERATOR_KEY: "the-same-key-0123456789" },
      /FIFOQ_OPERATOR_KEY is the same as FIFOQ_API_KEY/,
    ],
    [{ FIFOQ_LOCAL_IAM: "false" }, /FIFOQ_LOCAL_IAM = "false" is not allowed; expected "on" or "off"/],
    [
      { FIFOQ_LOG_LEVEL: "loud" },
      /FIFOQ_LOG_LEVEL = "loud" is not allowed; expected one of debug, info, warn, error/,
    ],
  ])("refuses %j naming the variable, the value and what is allowed", (env, message) => {
    expect(() => readLocalEnv(env, "/work")).toThrow(InvalidEnvError);
    expect(() => readLocalEnv(env, "/work")).toThrow(message);
  });
});
