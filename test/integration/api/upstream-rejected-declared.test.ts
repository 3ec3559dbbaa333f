import type { APIGatewayProxyResult } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqsClient } from "../../../functions/adapters/sqs/sqs-client";
import { type ApiHandler, createApiHandler } from "../../../functions/api/create-api-handler";
import { createRouter } from "../../../functions/core/http/router";
import { provisionDelayQueue } from "../../../local/scheduler/provision";
import { apiEvent, jsonBody } from "../../factories/api-gateway";
import { createMemoryLogger } from "../../support/memory-logger";
import { createResponseValidator, openApiDocument } from "../../support/openapi-validator";
import { startTestStack, type TestStack, testQueueConfig } from "../../support/test-stack";

/**
 * A deployment whose tables DynamoDB refuses (a missing table, as a wrong permission or a deleted table would
 * be): every route that reads them answers `500 UPSTREAM_REJECTED`, and the document must say so.
 */
describe("routes that read DynamoDB, when DynamoDB refuses the call", () => {
  let stack: TestStack;
  let handler: ApiHandler;
  const validate = createResponseValidator();
  const document = openApiDocument();
  /** The document's own operations, matched as the router matches paths. */
  const documented = createRouter(
    Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path })),
    ),
  );

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
    // Arrange: each route that reads a table, as `METHOD path?query`
    const scheduled = `/queues/orders/scheduled/${"0".repeat(25)}`;
    const letter = "/queues/orders/dead-letters/dl-1";
    const calls = [
      "GET /queues/orders/dead-letters",
      `GET ${letter}`,
      `DELETE ${letter}`,
      `POST ${letter}/redrive`,
      `GET ${letter}/body?offset=0`,
      "POST /queues/orders/dead-letters/redrive",
      "GET /queues/orders/scheduled",
      `GET ${scheduled}`,
      `DELETE ${scheduled}`,
      "GET /schedules",
      "GET /schedules/nightly",
      "GET /queues/orders/messages/d-1?groupId=g",
    ].map((call) => {
      const [method = "", target = ""] = call.split(" ");
      const [path = "", query] = target.split("?");
      return { method, path, query: query ? Object.fromEntries(new URLSearchParams(query)) : undefined };
    });

    // Act
    const answers: APIGatewayProxyResult[] = [];
    for (const { method, path, query } of calls)
      answers.push(await handler(apiEvent({ method, path, query })));

    // Assert: the refusal is answered, and each answer is one the document declares
    const codes = answers.map((answer) => jsonBody<{ error?: { code: string } }>(answer).error?.code);
    expect(codes).toEqual(calls.map(() => "UPSTREAM_REJECTED"));
    const problems = calls.flatMap(({ method, path }, index) => {
      const answer = answers[index];
      const route = documented(method, path).route.path;
      return answer ? validate(method, route, answer.statusCode, jsonBody(answer)) : ["no answer"];
    });
    expect(problems).toEqual([]);
  });
});
