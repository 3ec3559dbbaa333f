import { describe, expect, it } from "vitest";
import { translateSqsError } from "../../../functions/adapters/sqs/translate-error";
import { InvalidMessageError, UpstreamUnavailableError } from "../../../functions/core/http/errors";

const sdkError = (name: string, fields: Record<string, unknown>) =>
  Object.assign(new Error(`${name} happened`), { name, ...fields });

describe("translateSqsError", () => {
  it.each([
    [
      "a refused connection",
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED", $metadata: { attempts: 3 } }),
    ],
    ["a reset socket", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })],
    ["a server fault", sdkError("InternalError", { $fault: "server", $metadata: { httpStatusCode: 500 } })],
    ["a 503 without fault", sdkError("Unknown", { $metadata: { httpStatusCode: 503 } })],
    ["a request timeout", sdkError("TimeoutError", {})],
  ])("turns %s into UpstreamUnavailableError", (_, error) => {
    const translated = translateSqsError(error, "SendMessage");
    expect(translated).toBeInstanceOf(UpstreamUnavailableError);
    expect(translated).toMatchObject({ status: 503, cause: error, headers: { "Retry-After": "2" } });
  });

  it.each([
    sdkError("AWS.SimpleQueueService.RequestThrottled", {
      $fault: "client",
      $metadata: { httpStatusCode: 403 },
    }),
    sdkError("ThrottlingException", { $fault: "client", $metadata: { httpStatusCode: 400 } }),
    sdkError("Whatever", { $metadata: { httpStatusCode: 429 } }),
  ])("turns throttling (%s) into UpstreamUnavailableError with Retry-After 1", (error) => {
    expect(translateSqsError(error, "SendMessageBatch")).toMatchObject({
      code: "UPSTREAM_UNAVAILABLE",
      message: expect.stringContaining("throttling SendMessageBatch"),
      headers: { "Retry-After": "1" },
    });
  });

  it("turns a message SQS refuses into InvalidMessageError", () => {
    const error = sdkError("AWS.SimpleQueueService.InvalidMessageContents", { $fault: "client" });
    const translated = translateSqsError(error, "SendMessage");
    expect(translated).toBeInstanceOf(InvalidMessageError);
    expect(translated).toMatchObject({
      message: expect.stringContaining("InvalidMessageContents"),
      cause: error,
    });
  });

  it.each([
    sdkError("QueueDoesNotExist", { $fault: "client", $metadata: { httpStatusCode: 400 } }),
    sdkError("AccessDenied", { $fault: "client", $metadata: { httpStatusCode: 403 } }),
    new TypeError("a bug"),
  ])("leaves a deployment problem or a bug (%s) unchanged", (error) => {
    expect(translateSqsError(error, "SendMessage")).toBe(error);
  });
});
