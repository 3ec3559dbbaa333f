import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHandler, createApiHandler } from "../../../functions/api/create-api-handler";
import { apiRoutes } from "../../../functions/api/routes";
import { apiEvent } from "../../factories/api-gateway";
import { createMemoryLogger } from "../../support/memory-logger";
import {
  arbitraryPath,
  body,
  contentType,
  headers,
  method,
  query,
  routePath,
} from "../../support/request-arbitraries";
import { startTestStack, type TestStack, testQueueConfig } from "../../support/test-stack";

/** Bounded: each run is one request and two SQS reads against fauxqs. */
const RUNS = 150;

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

/** What the status route may answer ids of no message: a dedupId that is empty or holds a `/` is another path. */
const STATUS_ANSWERS = [
  "400 INVALID_QUERY",
  "404 MESSAGE_NOT_FOUND",
  "404 NOT_FOUND",
  "405 METHOD_NOT_ALLOWED",
];

/**
 * Property-based (fast-check) over the producer's request parsing and routing, against the real API handler on
 * fauxqs and DynamoDB Local: whatever the method, path, headers, query and body, the answer is never a 5xx
 * (SQS and DynamoDB are up), and a 4xx never enqueues anything.
 */
describe("any request: never a 5xx, and a 4xx enqueues nothing (fast-check, fauxqs + DynamoDB Local)", () => {
  let stack: TestStack;
  let handler: ApiHandler;

  const messagesIn = async (): Promise<number> => {
    const { Attributes = {} } = await stack.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: stack.queue("orders").provisioned.url,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
      }),
    );
    return (
      Number(Attributes.ApproximateNumberOfMessages) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible)
    );
  };

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
        // The status route reads claims and commits here.
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

  const request = fc.record({
    method,
    path: fc.oneof(routePath, arbitraryPath),
    headers,
    query,
    contentType,
    body,
    apiKeyId: fc.constantFrom("producer", "operator"),
  });

  type RequestInput = typeof request extends fc.Arbitrary<infer T> ? T : never;

  /** One request; the property holds for it: never a 5xx, valid JSON within bounds, nothing enqueued on a 4xx. */
  const holds = async (input: RequestInput) => {
    // Arrange
    const before = await messagesIn();

    // Act
    const result = await handler(
      apiEvent({
        method: input.method,
        path: input.path,
        headers: input.headers,
        ...(input.query ? { query: input.query } : {}),
        contentType: input.contentType,
        ...(input.body === undefined ? {} : { body: input.body }),
        apiKeyId: input.apiKeyId,
      }),
    );

    // Assert
    expect(result.statusCode, result.body.slice(0, 500)).toBeLessThan(500);
    expect(() => (result.body === "" ? undefined : JSON.parse(result.body))).not.toThrow();
    expect(result.body.length).toBeLessThan(64 * 1024);
    if (result.statusCode >= 400) expect(await messagesIn()).toBe(before);
  };

  it("holds for arbitrary methods, paths, headers, query strings and bodies", async () => {
    await fc.assert(fc.asyncProperty(request, holds), { numRuns: RUNS });
  });

  it("holds for any dedupId and groupId sent to the status route, which answers only 400 or 404", async () => {
    // Arrange: GET /queues/orders/messages/{dedupId}?groupId= with hostile ids, the path segment encoded or not
    const lookup = fc.record({
      dedupId: hostileId,
      groupId: fc.option(hostileId, { nil: undefined }),
      encode: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(lookup, async ({ dedupId, groupId, encode }) => {
        // Act
        const path = `/queues/orders/messages/${encode ? encodeURIComponent(dedupId) : dedupId}`;
        const query = groupId === undefined ? {} : { query: { groupId } };
        const result = await handler(apiEvent({ path, ...query, apiKeyId: "operator" }));

        // Assert
        expect(result.statusCode, result.body.slice(0, 500)).toBeLessThan(500);
        expect(result.body.length).toBeLessThan(4 * 1024);
        const { error } = JSON.parse(result.body) as { error: { code: string } };
        expect(STATUS_ANSWERS).toContain(`${result.statusCode} ${error.code}`);
      }),
      { numRuns: RUNS },
    );
  });

  it("holds for arbitrary JSON sent to the publish routes", async () => {
    // Arrange: requests to the publish routes with arbitrary JSON bodies
    const publish = request.chain((input) =>
      fc.record({
        method: fc.constant("POST"),
        path: fc.constantFrom("/queues/orders/messages", "/queues/orders/messages/batch"),
        headers: fc.constant(input.headers),
        query: fc.constant(input.query),
        contentType: fc.constantFrom("application/json", "application/json; charset=utf-8"),
        body,
        apiKeyId: fc.constant(input.apiKeyId),
      }),
    );
    // Act and assert
    await fc.assert(fc.asyncProperty(publish, holds), { numRuns: RUNS });
  });
});
