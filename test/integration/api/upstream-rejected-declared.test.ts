import type { APIGatewayProxyResult } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqsClient } from "../../../functions/adapters/sqs/sqs-client";
import { type ApiHandler, createApiHandler } from "../../../functions/api/create-api-handler";
import { provisionDelayQueue } from "../../../local/scheduler/provision";
import { apiEvent, jsonBody } from "../../factories/api-gateway";
import { createMemoryLogger } from "../../support/memory-logger";
import { createResponseValidator } from "../../support/openapi-validator";
import { startTestStack, type TestStack, testQueueConfig } from "../../support/test-stack";

/**
 * A deployment whose tables DynamoDB refuses (a missing table, as a wrong permission or a deleted table would
 * be): every route that reads them answers `500 UPSTREAM_REJECTED`, and the document must say so.
 */
describe("routes that read DynamoDB, when DynamoDB refuses the call", () => {
  let stack: TestStack;
  let handler: ApiHandler;
  const validate = createResponseValidator();

  beforeAll(async () => {
    stack = await startTestStack([testQueueConfig()]);
    const delayQueue = await provisionDelayQueue(stack.sqs);
    const { provisioned } = stack.queue("orders");
    handler = createApiHandler({
      sqs: createSqsClient({ endpoint: stack.sqsEndpoint }),
      dynamo: stack.dynamo,
      queues: {
        orders: { url: provisioned.url, dlqUrl: provisioned.dlqUrl, contentBasedDeduplication: false },
      },
      deadLetterTable: "fifoq-no-such-dead-letter-table",
      idempotencyTable: "fifoq-no-such-idempotency-table",
      payloads: stack.payloads,
      time: { scheduledTable: "fifoq-no-such-scheduled-table", delayQueueUrl: delayQueue.url },
      logger: createMemoryLogger(),
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("answers UPSTREAM_REJECTED only where the document declares it", async () => {
    // Arrange
    const id = "0".repeat(25);
    const calls = [
      ["GET", "/queues/{queue}/dead-letters", "/queues/orders/dead-letters"],
      ["GET", "/queues/{queue}/dead-letters/{id}", "/queues/orders/dead-letters/dl-1"],
      ["DELETE", "/queues/{queue}/dead-letters/{id}", "/queues/orders/dead-letters/dl-1"],
      ["POST", "/queues/{queue}/dead-letters/{id}/redrive", "/queues/orders/dead-letters/dl-1/redrive"],
      ["POST", "/queues/{queue}/dead-letters/redrive", "/queues/orders/dead-letters/redrive"],
      ["GET", "/queues/{queue}/scheduled", "/queues/orders/scheduled"],
      ["GET", "/queues/{queue}/scheduled/{id}", `/queues/orders/scheduled/${id}`],
      ["DELETE", "/queues/{queue}/scheduled/{id}", `/queues/orders/scheduled/${id}`],
      ["GET", "/schedules", "/schedules"],
      ["GET", "/schedules/{name}", "/schedules/nightly"],
      ["GET", "/queues/{queue}/messages/{dedupId}", "/queues/orders/messages/d-1?groupId=g"],
    ] as const;

    // Act
    const answers: APIGatewayProxyResult[] = [];
    for (const [method, , target] of calls) {
      const [path = "", query] = target.split("?");
      const event = apiEvent({
        method,
        path,
        query: query ? Object.fromEntries(new URLSearchParams(query)) : undefined,
      });
      answers.push(await handler(event));
    }

    // Assert: the refusal is answered, and each answer is one the document declares
    const codes = answers.map((answer) => jsonBody<{ error?: { code: string } }>(answer).error?.code);
    expect(codes).toEqual(calls.map(() => "UPSTREAM_REJECTED"));
    const problems = calls.flatMap(([method, route], index) => {
      const answer = answers[index];
      return answer ? validate(method, route, answer.statusCode, jsonBody(answer)) : ["no answer"];
    });
    expect(problems).toEqual([]);
  });
});
