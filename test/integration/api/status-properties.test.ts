import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHandler, createApiHandler } from "../../../functions/api/create-api-handler";
import { apiRoutes } from "../../../functions/api/routes";
import { apiEvent } from "../../factories/api-gateway";
import { createMemoryLogger } from "../../support/memory-logger";
import { startTestStack, type TestStack, testQueueConfig } from "../../support/test-stack";

/** Bounded: each run is one request, at most five reads on DynamoDB Local. */
const RUNS = 120;

/** Ids a hostile caller sends: separators of fifoq's keys, encodings, prototype names, long and non-ASCII. */
const hostileId = fc.oneof(
  fc.constantFrom(
    "#",
    "g1#x#d1#y",
    "c#orders#q#d",
    "%2F",
    "%252F",
    "%",
    "__proto__",
    "constructor",
    "a/b",
    "",
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ minLength: 120, maxLength: 3000 }),
  fc.stringMatching(/^[!-~]{1,128}$/),
);

/**
 * Property-based (fast-check) over `GET /queues/{queue}/messages/{dedupId}?groupId=` through the real API
 * handler, its idempotency, dead-letter and scheduled reads on DynamoDB Local: whatever the ids, the answer is
 * never a 5xx, is JSON within bounds, and is 400 `INVALID_QUERY` or 404 `MESSAGE_NOT_FOUND` (nothing is recorded
 * for any of them), or, for a dedupId that changes the path, no route.
 */
describe("status route: any dedupId and groupId, never a 5xx (fast-check, DynamoDB Local)", () => {
  let stack: TestStack;
  let handler: ApiHandler;

  beforeAll(async () => {
    stack = await startTestStack([testQueueConfig({ contentBasedDeduplication: true })]);
    const { provisioned } = stack.queue("orders");
    handler = createApiHandler(
      {
        sqs: stack.sqs,
        dynamo: stack.dynamo,
        queues: {
          orders: {
            url: provisioned.url,
            dlqUrl: provisioned.dlqUrl,
            contentBasedDeduplication: true,
            idempotency: { scope: "messageGroup", windowSeconds: 3600 },
          },
        },
        deadLetterTable: stack.tables.deadLetters,
        idempotencyTable: stack.tables.idempotency,
        logger: createMemoryLogger(),
        operatorKeyId: "operator",
      },
      { routes: apiRoutes },
    );
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("answers 400 INVALID_QUERY or 404 MESSAGE_NOT_FOUND, bounded, for any ids", async () => {
    // Arrange
    const input = fc.record({
      dedupId: hostileId,
      groupId: fc.option(hostileId, { nil: undefined }),
      encode: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ dedupId, groupId, encode }) => {
        // Act
        const segment = encode ? encodeURIComponent(dedupId) : dedupId;
        const result = await handler(
          apiEvent({
            path: `/queues/orders/messages/${segment}`,
            ...(groupId === undefined ? {} : { query: { groupId } }),
            apiKeyId: "operator",
          }),
        );

        // Assert
        expect(result.statusCode, result.body.slice(0, 500)).toBeLessThan(500);
        expect(result.body.length).toBeLessThan(4 * 1024);
        const { error } = JSON.parse(result.body) as { error: { code: string } };
        // A dedupId that is empty or holds an unencoded `/` is another path: no route, or not this one.
        const answers = [
          "400 INVALID_QUERY",
          "404 MESSAGE_NOT_FOUND",
          "404 NOT_FOUND",
          "405 METHOD_NOT_ALLOWED",
        ];
        expect(answers).toContain(`${result.statusCode} ${error.code}`);
      }),
      { numRuns: RUNS },
    );
  });
});
