import { describe, expect, it } from "vitest";
import { classifySdkError, classifyStatementError } from "../../../functions/adapters/sdk-errors";
import { sqsCallError } from "../../../functions/adapters/sqs/sqs-call-error";
import {
  InvalidMessageError,
  UpstreamRejectedError,
  UpstreamUnavailableError,
} from "../../../functions/core/http/errors";

const sdkError = (name: string, fields: Record<string, unknown>) =>
  Object.assign(new Error(`${name} happened`), { name, ...fields });
const client = (name: string, status = 400) =>
  sdkError(name, { $fault: "client", $metadata: { httpStatusCode: status } });

describe("classifySdkError (the one SDK-error classifier)", () => {
  it.each([
    ["SQS throttling", client("AWS.SimpleQueueService.RequestThrottled", 403), "throttled"],
    ["DynamoDB throttling", client("ProvisionedThroughputExceededException"), "throttled"],
    ["DynamoDB request limit", client("RequestLimitExceeded"), "throttled"],
    ["a 429", sdkError("Whatever", { $metadata: { httpStatusCode: 429 } }), "throttled"],
    [
      "a server fault",
      sdkError("InternalError", { $fault: "server", $metadata: { httpStatusCode: 500 } }),
      "unavailable",
    ],
    ["a 503 without fault", sdkError("Unknown", { $metadata: { httpStatusCode: 503 } }), "unavailable"],
    [
      "a refused connection",
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      "unavailable",
    ],
    ["an SDK error with no HTTP answer", sdkError("Error", { $metadata: { attempts: 3 } }), "unavailable"],
    ["a request timeout", sdkError("TimeoutError", {}), "unavailable"],
    ["a transaction conflict", client("TransactionConflictException"), "unavailable"],
    ["a Scheduler schedule changed during the call", client("ConflictException", 409), "unavailable"],
    ["a concurrent modification", client("ConcurrentModificationException", 409), "unavailable"],
    ["a DynamoDB ValidationException", client("ValidationException"), "invalid"],
    ["a message SQS refuses", client("AWS.SimpleQueueService.InvalidMessageContents"), "invalid"],
    ["AccessDenied", client("AccessDeniedException"), "rejected"],
    ["a missing table", client("ResourceNotFoundException"), "rejected"],
    ["a missing queue", client("AWS.SimpleQueueService.NonExistentQueue"), "rejected"],
    ["a bug", new TypeError("a bug"), "rejected"],
    ["a failed condition", client("ConditionalCheckFailedException"), "condition-failed"],
  ])("%s is %s", (_, error, kind) => {
    // Act
    const fault = classifySdkError(error);

    // Assert
    expect(fault.kind).toBe(kind);
    expect(fault.retryable).toBe(kind === "throttled" || kind === "unavailable");
  });

  it.each([
    ["ProvisionedThroughputExceeded", "throttled"],
    ["ThrottlingError", "throttled"],
    ["InternalServerError", "unavailable"],
    ["TransactionConflict", "unavailable"],
    ["ValidationError", "invalid"],
    ["AccessDenied", "rejected"],
    ["DuplicateItem", "condition-failed"],
    ["ConditionalCheckFailed", "condition-failed"],
  ])("a statement failing with %s is %s", (Code, kind) => {
    expect(classifyStatementError({ Code, Message: "m" }).kind).toBe(kind);
  });
});

describe("sqsCallError", () => {
  it("makes a network failure 503 with Retry-After 2, keeping the SDK error as cause", () => {
    // Arrange
    const error = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });

    // Act
    const translated = sqsCallError(error, "SendMessage");

    // Assert
    expect(translated).toBeInstanceOf(UpstreamUnavailableError);
    expect(translated).toMatchObject({ status: 503, cause: error, headers: { "Retry-After": "2" } });
  });

  it("makes throttling 503 with Retry-After 1", () => {
    // Act and assert
    expect(sqsCallError(client("ThrottlingException"), "SendMessageBatch")).toMatchObject({
      code: "UPSTREAM_UNAVAILABLE",
      message: expect.stringContaining("throttling SendMessageBatch"),
      headers: { "Retry-After": "1" },
    });
  });

  it("makes a message SQS refuses 400 INVALID_MESSAGE", () => {
    // Arrange
    const error = client("AWS.SimpleQueueService.InvalidMessageContents");

    // Act
    const translated = sqsCallError(error, "SendMessage");

    // Assert
    expect(translated).toBeInstanceOf(InvalidMessageError);
    expect(translated).toMatchObject({
      message: expect.stringContaining("InvalidMessageContents"),
      cause: error,
    });
  });

  it.each([client("QueueDoesNotExist"), client("AccessDenied", 403), new TypeError("a bug")])(
    "makes a refusal (%s) a 500 UPSTREAM_REJECTED without Retry-After or the SDK's message",
    (error) => {
      // Act
      const translated = sqsCallError(error, "SendMessage");

      // Assert
      expect(translated).toBeInstanceOf(UpstreamRejectedError);
      expect(translated).toMatchObject({
        status: 500,
        code: "UPSTREAM_REJECTED",
        headers: undefined,
        cause: error,
      });
      expect(translated.message).not.toContain("happened");
    },
  );
});
