import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../../../local/gateway/server";
import { createMemoryLogger } from "../../support/memory-logger";

const API_KEY = "gateway-test-key-0123456789";
const OPERATOR_KEY = "gateway-operator-key-0123456789";
const KEYS = [
  { id: "producer-id", value: API_KEY },
  { id: "operator-id", value: OPERATOR_KEY },
];

/** A stand-in API function: records each event and answers with what the test sets. */
const recorder = () => {
  const events: APIGatewayProxyEvent[] = [];
  let answer: (event: APIGatewayProxyEvent) => Promise<unknown> = async () => ({
    statusCode: 200,
    body: "{}",
  });
  return {
    events,
    answerWith(next: (event: APIGatewayProxyEvent) => Promise<unknown>) {
      answer = next;
    },
    handler: async (event: APIGatewayProxyEvent) => {
      events.push(event);
      return (await answer(event)) as APIGatewayProxyResult;
    },
  };
};

describe("local API Gateway (REST API v1, /{proxy+}, API key required)", () => {
  const api = recorder();
  const logger = createMemoryLogger();
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({ handler: api.handler, apiKeys: KEYS, logger, throttle: undefined });
  });
  afterAll(() => gateway.close());
  beforeEach(() => {
    api.events.length = 0;
    api.answerWith(async () => ({ statusCode: 200, body: "{}" }));
  });

  it("serves under the stage and hands the function a proxy event of the request", async () => {
    // Act
    const response = await fetch(`${gateway.url}/queues/orders/messages?trace=a&trace=b`, {
      method: "POST",
      headers: { "x-api-key": API_KEY, "content-type": "application/json", "Idempotency-Key": "k-1" },
      body: '{"body":{"n":1},"groupId":"g"}',
    });

    // Assert
    expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(response.status).toBe(200);
    const [event] = api.events;
    expect(event).toMatchObject({
      resource: "/{proxy+}",
      path: "/queues/orders/messages",
      httpMethod: "POST",
      pathParameters: { proxy: "queues/orders/messages" },
      queryStringParameters: { trace: "b" },
      multiValueQueryStringParameters: { trace: ["a", "b"] },
      body: '{"body":{"n":1},"groupId":"g"}',
      isBase64Encoded: false,
      requestContext: {
        stage: "v1",
        path: "/v1/queues/orders/messages",
        identity: { apiKey: API_KEY, apiKeyId: "producer-id" },
      },
    });
    expect(event?.headers["idempotency-key"] ?? event?.headers["Idempotency-Key"]).toBe("k-1");
    expect(event?.headers["X-Forwarded-For"]).toBe(event?.requestContext.identity.sourceIp);
    expect(response.headers.get("x-amzn-requestid")).toBe(event?.requestContext.requestId);
  });

  it("accepts each key of the usage plan and hands the function that key's id, as API Gateway does", async () => {
    // Act
    const response = await fetch(`${gateway.url}/queues`, { headers: { "x-api-key": OPERATOR_KEY } });

    // Assert
    expect(response.status).toBe(200);
    expect(api.events[0]?.requestContext.identity).toMatchObject({
      apiKey: OPERATOR_KEY,
      apiKeyId: "operator-id",
    });
  });

  it("writes the function's status, single and multi-value headers and a base64 body", async () => {
    // Arrange: a function that answers with both kinds of headers and a base64 body
    api.answerWith(async () => ({
      statusCode: 201,
      headers: { "X-One": "1" },
      multiValueHeaders: { "X-Many": ["a", "b"] },
      body: Buffer.from("binary\u0000ok").toString("base64"),
      isBase64Encoded: true,
    }));

    // Act
    const response = await fetch(`${gateway.url}/queues`, { headers: { "x-api-key": API_KEY } });

    // Assert
    expect(response.status).toBe(201);
    expect(response.headers.get("x-one")).toBe("1");
    expect(response.headers.get("x-many")).toBe("a, b");
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(Buffer.from(await response.arrayBuffer()).toString()).toBe("binary\u0000ok");
  });

  it.each([
    ["without a key", {}],
    ["with a wrong key", { "x-api-key": "not-the-key-at-all-000" }],
  ])("refuses a request %s with 403 UNAUTHORIZED and does not call the function", async (_, headers) => {
    // Act
    const response = await fetch(`${gateway.url}/queues`, { headers });

    // Assert
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: "UNAUTHORIZED", message: expect.any(String) } });
    expect(api.events).toHaveLength(0);
  });

  it("answers 413 PAYLOAD_TOO_LARGE above API Gateway's 10 MB", async () => {
    // Act
    const response = await fetch(`${gateway.url}/queues/orders/messages`, {
      method: "POST",
      headers: { "x-api-key": API_KEY, "content-type": "application/json" },
      body: "x".repeat(10 * 1024 * 1024 + 1),
    });

    // Assert
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
    expect(api.events).toHaveLength(0);
  });

  it("answers 404 outside the stage, naming it", async () => {
    // Act
    const response = await fetch(gateway.url.replace(/\/v1$/, "/queues"), {
      headers: { "x-api-key": API_KEY },
    });

    // Assert
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: { code: "NOT_FOUND", message: expect.stringContaining("/v1") },
    });
  });

  it.each([
    ["throws", async () => Promise.reject(new Error("boom"))],
    ["answers a malformed proxy response", async () => ({ body: "no status" })],
  ])("answers 503 UPSTREAM_UNAVAILABLE (the cloud's DEFAULT_5XX) when the function %s", async (_, answer) => {
    // Arrange
    api.answerWith(answer);

    // Act
    const response = await fetch(`${gateway.url}/queues`, { headers: { "x-api-key": API_KEY } });

    // Assert
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.json()).toMatchObject({ error: { code: "UPSTREAM_UNAVAILABLE" } });
  });
});

describe("local API Gateway usage-plan throttling", () => {
  it("answers 429 THROTTLED with Retry-After once the burst is spent", async () => {
    // Arrange: a gateway whose burst is 2 requests
    const gateway = await startGateway({
      handler: async () => ({ statusCode: 200, body: "{}" }),
      apiKeys: KEYS,
      logger: createMemoryLogger(),
      throttle: { rateLimit: 1, burstLimit: 2 },
    });
    try {
      // Act: the burst spent with one key, then a request with the other
      const send = () => fetch(`${gateway.url}/queues`, { headers: { "x-api-key": API_KEY } });
      const allowed = [await send(), await send()];
      const refused = await send();

      const otherKey = await fetch(`${gateway.url}/queues`, { headers: { "x-api-key": OPERATOR_KEY } });

      // Assert
      expect(allowed.map((response) => response.status)).toEqual([200, 200]);
      expect(otherKey.status).toBe(200); // each key has its own bucket
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("1");
      expect(await refused.json()).toMatchObject({ error: { code: "THROTTLED" } });
    } finally {
      await gateway.close();
    }
  });
});
