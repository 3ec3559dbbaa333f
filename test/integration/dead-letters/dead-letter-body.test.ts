import { describe, expect, it } from "vitest";
import type { DeadLetterBodyChunk } from "../../../contract";
import { createDynamoDbDeadLetterStore } from "../../../functions/adapters/dead-letters/dead-letter-store";
import { withinResponseLimit } from "../../../local/functions/lambda-limits";
import { apiEvent } from "../../factories/api-gateway";
import { dlqRecordFactory, lostBodyDeadLetterFactory } from "../../factories/dead-letters";
import { sqsEventFactory } from "../../factories/sqs";
import { createMemoryLogger } from "../../support/memory-logger";
import { createResponseValidator } from "../../support/openapi-validator";
import { stackRecorder, testQueueConfig } from "../../support/test-stack";
import { useApi } from "../api/api-harness";

const BODY_ROUTE = "/queues/{queue}/dead-letters/{id}/body";

/** A dead letter's body too heavy for one answer is read back through the API, a slice at a time. */
describe("GET …/dead-letters/{id}/body (API on fauxqs SQS + S3 and DynamoDB Local)", () => {
  const api = useApi([testQueueConfig()]);
  const validate = createResponseValidator();
  const read = async (id: string, offset?: string) => {
    const event = apiEvent({
      method: "GET",
      path: `/queues/orders/dead-letters/${id}/body`,
      ...(offset === undefined ? {} : { query: { offset } }),
    });
    const response = withinResponseLimit(await api().handler(event));
    return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
  };

  it("reads a 5 MB dead letter of quotes back byte for byte, each answer within Lambda's limit and the document", async () => {
    // Arrange: 5 MB of JSON text, 10 MB once escaped in Lambda's response (the record answers body: null)
    const rawBody = JSON.stringify({ quotes: '"'.repeat(2_500_000) });
    const heavy = dlqRecordFactory({ rawBody, groupId: "g-body" });
    await stackRecorder(api().stack, createMemoryLogger())(sqsEventFactory([heavy]));

    // Act
    const answers = [await read(heavy.messageId)];
    for (
      let next = answers[0]?.body.nextOffset;
      typeof next === "number";
      next = answers.at(-1)?.body.nextOffset
    ) {
      if (answers.length >= 16) throw new Error("the body did not end within 16 answers");
      answers.push(await read(heavy.messageId, String(next)));
    }

    // Assert
    expect(answers.length).toBeGreaterThan(1);
    for (const answer of answers) {
      expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(200);
      expect(validate("GET", BODY_ROUTE, 200, answer.body)).toEqual([]);
    }
    const chunks = answers.map((answer) => answer.body as unknown as DeadLetterBodyChunk);
    expect(chunks.map((chunk) => chunk.text).join("") === rawBody).toBe(true);
    expect(chunks.every((chunk) => chunk.totalLength === rawBody.length)).toBe(true);
  });

  it("refuses an offset past the body or not a whole number (400 INVALID_QUERY, the latter before any read), an unknown id (404)", async () => {
    // Arrange
    const small = dlqRecordFactory({ rawBody: '{"n":1}', groupId: "g-small" });
    await stackRecorder(api().stack, createMemoryLogger())(sqsEventFactory([small]));

    // Act
    const answers = [
      await read(small.messageId, "8"),
      await read(small.messageId, "-1"),
      await read("no-such-id"),
      await read(small.messageId, "7"),
      await read("no-such-id", "abc"),
    ];

    // Assert
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 404, 200, 400]);
    expect(answers[0]?.body).toMatchObject({ error: { code: "INVALID_QUERY" } });
    expect(answers[2]?.body).toMatchObject({ error: { code: "NOT_FOUND" } });
    expect(answers[3]?.body).toEqual({ offset: 7, text: "", totalLength: 7 });
    for (const [index, answer] of answers.entries())
      expect(validate("GET", BODY_ROUTE, answer.status, answer.body), `answer ${index}`).toEqual([]);
  });

  it("answers a lost body (bodyTruncated) as empty, as the record shows it", async () => {
    // Arrange
    const store = createDynamoDbDeadLetterStore({
      dynamo: api().stack.dynamo,
      table: api().stack.tables.deadLetters,
      payloads: api().stack.payloads,
    });
    await store.putIfAbsent(
      lostBodyDeadLetterFactory({ id: "lost-1", groupId: "g-lost", rawBody: "left over" }),
    );

    // Act
    const answer = await read("lost-1");

    // Assert
    expect(answer).toEqual({ status: 200, body: { offset: 0, text: "", totalLength: 0 } });
  });
});
