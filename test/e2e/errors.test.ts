import { describe, expect, it } from "vitest";
import { call, order, QUEUE } from "./support/api";

const errorCode = (body: unknown) => (body as { error?: { code?: unknown } } | undefined)?.error?.code;

describe("errors carry a stable code in { error: { code, message } }", () => {
  it.each([
    ["without an API key", null],
    ["with a wrong API key", "e2e-wrong-key-0000000000000000"],
  ])("refuses a request %s: UNAUTHORIZED (401/403)", async (_, apiKey) => {
    const response = await call("GET", "/queues", { apiKey });

    expect([401, 403]).toContain(response.status);
    expect(errorCode(response.body)).toBe("UNAUTHORIZED");
  });

  it("INVALID_JSON (400) for a body that is not JSON", async () => {
    // Arrange + Act
    const response = await call("POST", `/queues/${QUEUE}/messages`, {
      rawBody: '{"body": {"orderId": ',
      headers: { "content-type": "application/json" },
    });

    // Assert
    expect(response.status).toBe(400);
    expect(errorCode(response.body)).toBe("INVALID_JSON");
  });

  it("UNSUPPORTED_MEDIA_TYPE (415) for a body that is not sent as JSON", async () => {
    // Arrange + Act
    const response = await call("POST", `/queues/${QUEUE}/messages`, {
      rawBody: JSON.stringify(order()),
      headers: { "content-type": "text/plain" },
    });

    // Assert
    expect(response.status).toBe(415);
    expect(errorCode(response.body)).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("INVALID_MESSAGE (400) for a message without a group id", async () => {
    // Arrange
    const { body, dedupId } = order();

    // Act
    const response = await call("POST", `/queues/${QUEUE}/messages`, { body: { body, dedupId } });

    // Assert
    expect(response.status).toBe(400);
    expect(errorCode(response.body)).toBe("INVALID_MESSAGE");
  });

  it("QUEUE_NOT_FOUND (404) for a queue that is not configured", async () => {
    const response = await call("POST", "/queues/e2e-no-such-queue/messages", { body: order() });

    expect(response.status).toBe(404);
    expect(errorCode(response.body)).toBe("QUEUE_NOT_FOUND");
  });

  it("METHOD_NOT_ALLOWED (405) for a known path with another method", async () => {
    const response = await call("DELETE", `/queues/${QUEUE}/messages`);

    expect(response.status).toBe(405);
    expect(errorCode(response.body)).toBe("METHOD_NOT_ALLOWED");
  });

  it("NOT_FOUND (404) for a path the API does not have", async () => {
    const response = await call("GET", "/e2e-no-such-route");

    expect(response.status).toBe(404);
    expect(errorCode(response.body)).toBe("NOT_FOUND");
  });
});
