import { describe, expect, it } from "vitest";
import { createApiHandler } from "../../../functions/api/create-api-handler";
import { producerRoutes } from "../../../functions/api/producer-routes";
import { parseBody } from "../../../functions/core/dead-letters/to-dead-letter";
import { apiEvent, jsonBody } from "../../factories/api-gateway";
import { offlineApiDeps, offlineQueue } from "../../support/offline-api-deps";

/** The producer routes on endpoints that are never reached: every request here must fail before SQS. */
const producer = () =>
  createApiHandler(
    offlineApiDeps({ queues: { orders: offlineQueue({ contentBasedDeduplication: true }) } }),
    {
      routes: (d) => producerRoutes(d, { deadLetterCount: async () => 0 }),
    },
  );

const nested = (depth: number): string => `${"[".repeat(depth)}${"]".repeat(depth)}`;

interface ErrorBody {
  readonly error: { code: string; message: string; details?: unknown[]; moreDetails?: number };
}

describe("untrusted JSON at any depth and size never makes a 5xx", () => {
  it.each([
    ["single publish", "/queues/orders/messages", (deep: string) => `{"body":${deep},"groupId":"g"}`],
    [
      "batch publish",
      "/queues/orders/messages/batch",
      (deep: string) => `{"messages":[{"body":${deep},"groupId":"g"}]}`,
    ],
  ])("refuses a body nested 4,100 levels deep on %s with a 400", async (_, path, wrap) => {
    // Act
    const result = await producer()(apiEvent({ method: "POST", path, body: wrap(nested(4100)) }));

    // Assert
    expect(result.statusCode).toBe(400);
    expect(jsonBody<ErrorBody>(result).error).toMatchObject({
      code: "INVALID_JSON",
      message: expect.stringMatching(/100 levels/),
    });
  });

  it("accepts a body nested as deep as the limit allows", async () => {
    // Arrange: the envelope is one level, so the body may nest 99 more (a content-based dedup id is used)
    const body = `{"body":${nested(99)},"groupId":"g"}`;

    // Act
    const result = await producer()(apiEvent({ method: "POST", path: "/queues/orders/messages", body }));

    // Assert: valid, so it got as far as SQS, which is not there
    expect(result.statusCode).toBe(503);
  });

  it("lists at most 20 details and says how many more there were", async () => {
    // Arrange: 100,000 unknown fields in a 1.1 MB request
    const fields = Array.from({ length: 100_000 }, (_, i) => `"f${i}":0`).join(",");
    const body = `{"body":1,"groupId":"g",${fields}}`;

    // Act
    const result = await producer()(apiEvent({ method: "POST", path: "/queues/orders/messages", body }));

    // Assert
    expect(result.statusCode).toBe(400);
    const { error } = jsonBody<ErrorBody>(result);
    expect(error.details).toHaveLength(20);
    expect(error.moreDetails).toBe(99_980);
    expect(result.body.length).toBeLessThan(5_000);
  });

  it("bounds the text an error repeats from the request", async () => {
    // Arrange: one unknown field whose name is 3 MB
    const body = `{"body":1,"groupId":"g","${"x".repeat(3_000_000)}":0}`;

    // Act
    const result = await producer()(apiEvent({ method: "POST", path: "/queues/orders/messages", body }));

    // Assert
    expect(result.statusCode).toBe(400);
    expect(result.body.length).toBeLessThan(5_000);
  });
});

describe("a stored dead-letter body nested beyond the limit", () => {
  it("is shown as its raw text, which any JSON encoder can write", () => {
    // Act
    const body = parseBody(nested(5000), false);

    // Assert
    expect(body).toBe(nested(5000));
    expect(() => JSON.stringify({ body })).not.toThrow();
  });

  it("is parsed when it is within the limit", () => {
    expect(parseBody(nested(3), false)).toEqual([[[]]]);
  });
});
