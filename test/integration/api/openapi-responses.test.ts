import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoDbDeadLetterStore } from "../../../functions/adapters/dead-letters/dead-letter-store";
import { createRouter } from "../../../functions/core/http/router";
import { type ApiEventInput, apiEvent } from "../../factories/api-gateway";
import { deadLetterRecordFactory } from "../../factories/dead-letters";
import { createResponseValidator, openApiDocument } from "../../support/openapi-validator";
import { testQueueConfig } from "../../support/test-stack";
import { type ApiHarness, startApi } from "./api-harness";

/** One real answer of the API handler (on fauxqs and DynamoDB Local), with the route pattern it reached. */
interface Answer {
  readonly method: string;
  readonly route: string;
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

const document = openApiDocument();
/** The document's own operations, matched as the router matches paths. */
const documented = createRouter(
  Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path })),
  ),
);

describe("real answers of the API against docs/openapi.json (Ajv, JSON Schema 2020-12)", () => {
  let api: ApiHarness;
  const answers: Answer[] = [];

  const call = async (input: ApiEventInput): Promise<Answer> => {
    const method = input.method ?? "GET";
    const result = await api.handler(apiEvent(input));
    const contentType = result.headers?.["Content-Type"]?.toString();
    const json = contentType?.startsWith("application/json") && result.body !== "";
    const answer = {
      method,
      route: documented(method, input.path).route.path,
      status: result.statusCode,
      contentType,
      body: json ? JSON.parse(result.body) : result.body,
    };
    answers.push(answer);
    return answer;
  };

  beforeAll(async () => {
    api = await startApi([testQueueConfig()]);
    const store = createDynamoDbDeadLetterStore({
      dynamo: api.stack.dynamo,
      table: api.stack.tables.deadLetters,
    });
    const records = ["dl-1", "dl-2", "dl-3"].map((id) => deadLetterRecordFactory({ id, messageId: id }));
    for (const record of records) await store.putIfAbsent(record);

    const message = { body: { n: 1 }, groupId: "g", dedupId: "d-1", attributes: { k: "v" } };
    const batch = { messages: [message, { ...message, dedupId: "d-2" }] };
    const base = "/queues/orders/dead-letters";
    const requests: ApiEventInput[] = [
      { path: "/queues" },
      { method: "POST", path: "/queues/orders/messages", body: message },
      { method: "POST", path: "/queues/orders/messages", body: { groupId: "g" } },
      { method: "POST", path: "/queues/orders/messages", body: "{not json" },
      { method: "POST", path: "/queues/orders/messages", body: message, contentType: "text/plain" },
      { method: "POST", path: "/queues/nope/messages", body: message },
      { method: "POST", path: "/queues/orders/messages/batch", body: batch },
      { method: "POST", path: "/queues/orders/messages/batch", body: { messages: Array(101).fill(message) } },
      { path: base, query: { limit: "2" } },
      { path: base, query: { limit: "0" } },
      { path: base, query: { cursor: "garbage" } },
      { path: `${base}/dl-1` },
      { path: `${base}/missing` },
      { path: `${base}/dl-1/body` },
      { path: `${base}/dl-1/body`, query: { offset: "x" } },
      { method: "POST", path: `${base}/dl-1/redrive` },
      { method: "POST", path: `${base}/dl-1/redrive` },
      { method: "DELETE", path: `${base}/dl-2` },
      { method: "POST", path: `${base}/redrive`, query: { groupId: "customer-42" } },
      { path: "/console" },
      { path: "/console/" },
      { path: "/console/app.js" },
      { path: "/console/nope.txt" },
      { path: "/openapi.json" },
    ];
    for (const input of requests) await call(input);
    // Delayed messages: schedule one, list, show, cancel
    const delayed = await call({
      method: "POST",
      path: "/queues/orders/messages",
      body: { ...message, dedupId: "d-later", delaySeconds: 600 },
    });
    const scheduledId = String((delayed.body as { scheduledId?: string }).scheduledId);
    await call({ path: "/queues/orders/scheduled", query: { limit: "5" } });
    await call({ path: `/queues/orders/scheduled/${scheduledId}` });
    // Where is a message: scheduled, nothing recorded, no groupId
    await call({ path: "/queues/orders/messages/d-later", query: { groupId: "g" } });
    await call({ path: "/queues/orders/messages/d-never", query: { groupId: "g" } });
    await call({ path: "/queues/orders/messages/d-later" });
    await call({ method: "DELETE", path: `/queues/orders/scheduled/${scheduledId}` });
    // Recurring schedules (records in the scheduled table; no Scheduler here): put, show, list, pause, resume, delete
    const schedule = {
      cron: "0 9 * * 1-5",
      timezone: "Europe/Berlin",
      queue: "orders",
      groupId: "g",
      body: 1,
    };
    await call({ method: "PUT", path: "/schedules/weekday", body: schedule });
    await call({ method: "PUT", path: "/schedules/weekday", body: { ...schedule, cron: "99 * * * *" } });
    await call({ path: "/schedules/weekday" });
    await call({ path: "/schedules" });
    await call({ method: "POST", path: "/schedules/weekday/pause" });
    await call({ method: "POST", path: "/schedules/weekday/resume" });
    await call({ method: "DELETE", path: "/schedules/weekday" });
    await call({ method: "DELETE", path: "/schedules/weekday" });
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
  });

  it("answers every request with a status its operation declares, and a JSON body its schema accepts", () => {
    // Arrange
    const validate = createResponseValidator(document);

    // Act
    const problems = answers.flatMap((answer) =>
      validate(answer.method, answer.route, answer.status, answer.body),
    );

    // Assert
    expect(problems).toEqual([]);
  });

  it("reached every documented operation with its success status", () => {
    // Arrange
    const successes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => {
        const status = Object.keys(operation.responses).find((code) => Number(code) < 400);
        return `${method.toUpperCase()} ${path} ${status}`;
      }),
    );

    // Act
    const reached = answers.map((answer) => `${answer.method} ${answer.route} ${answer.status}`);

    // Assert
    expect(reached).toEqual(expect.arrayContaining(successes));
  });

  it("serves the committed document itself at GET /openapi.json, as JSON", () => {
    // Act
    const served = answers.find((answer) => answer.route === "/openapi.json");

    // Assert
    expect(served?.contentType).toMatch(/^application\/json/);
    expect(served?.body).toEqual(document);
  });
});
