import { describe, expect, it } from "vitest";
import { toErrorResponse } from "../../../functions/core/http/error-response";
import {
  BatchTooLargeError,
  InvalidJsonError,
  InvalidMessageError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  QueueNotFoundError,
  UnsupportedMediaTypeError,
  UpstreamUnavailableError,
} from "../../../functions/core/http/errors";

describe("toErrorResponse", () => {
  it.each([
    [new QueueNotFoundError("nope", ["orders"]), 404, "QUEUE_NOT_FOUND"],
    [new NotFoundError("no route"), 404, "NOT_FOUND"],
    [new MethodNotAllowedError("PUT", "/queues", ["GET"]), 405, "METHOD_NOT_ALLOWED"],
    [new InvalidJsonError("bad"), 400, "INVALID_JSON"],
    [new InvalidMessageError("bad"), 400, "INVALID_MESSAGE"],
    [new BatchTooLargeError(101, 100), 400, "BATCH_TOO_LARGE"],
    [new PayloadTooLargeError("big"), 413, "PAYLOAD_TOO_LARGE"],
    [new UnsupportedMediaTypeError("text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE"],
    [new UpstreamUnavailableError("down"), 503, "UPSTREAM_UNAVAILABLE"],
  ])("maps %s to its status and stable code", (error, status, code) => {
    // Act
    const response = toErrorResponse(error);

    // Assert
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ error: { code, message: error.message } });
  });

  it("includes details when there are some", () => {
    // Arrange
    const error = new InvalidMessageError("1 of 2 invalid", [
      { index: 1, field: "groupId", message: "is required" },
    ]);

    // Act and assert
    expect(toErrorResponse(error).body).toEqual({
      error: {
        code: "INVALID_MESSAGE",
        message: "1 of 2 invalid",
        details: [{ index: 1, field: "groupId", message: "is required" }],
      },
    });
  });

  it("lists at most 20 details, the first ones, and counts the others", () => {
    // Arrange: 25 invalid entries
    const details = Array.from({ length: 25 }, (_, index) => ({ index, message: "is invalid" }));
    const error = new InvalidMessageError("25 of 25 invalid", details);

    // Act
    const body = toErrorResponse(error).body as {
      error: { details: { index: number }[]; moreDetails: number };
    };

    // Assert
    expect(body.error.details.map((d) => d.index)).toEqual(Array.from({ length: 20 }, (_, index) => index));
    expect(body.error.moreDetails).toBe(5);
  });

  it("lists exactly 20 details without a count of others", () => {
    // Arrange
    const details = Array.from({ length: 20 }, (_, index) => ({ index, message: "is invalid" }));

    // Act
    const body = toErrorResponse(new InvalidMessageError("20 of 20 invalid", details)).body as {
      error: { details: unknown[]; moreDetails?: number };
    };

    // Assert
    expect(body.error.details).toHaveLength(20);
    expect(body.error).not.toHaveProperty("moreDetails");
  });

  it("sends Retry-After with 503 and Allow with 405", () => {
    // Act and assert
    expect(toErrorResponse(new UpstreamUnavailableError("down", { retryAfterSeconds: 3 })).headers).toEqual({
      "Retry-After": "3",
    });
    expect(toErrorResponse(new MethodNotAllowedError("PUT", "/x", ["GET", "POST"])).headers).toEqual({
      Allow: "GET, POST",
    });
  });

  it("hides an unknown error behind a generic 500 INTERNAL", () => {
    // Act
    const response = toErrorResponse(new TypeError("secret internals at arn:aws:sqs:..."));

    // Assert
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: { code: "INTERNAL", message: expect.any(String) } });
    expect(JSON.stringify(response.body)).not.toContain("secret");
  });

  it("keeps the cause of a domain error", () => {
    const cause = new Error("ECONNREFUSED");
    expect(new UpstreamUnavailableError("down", { cause }).cause).toBe(cause);
    expect(new InvalidJsonError("bad", { cause }).cause).toBe(cause);
  });
});
