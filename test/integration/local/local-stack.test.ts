import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { waitForLogLine } from "../../support/log-lines";
import { createMemoryLogger } from "../../support/memory-logger";
import { createResponseValidator, openApiDocument } from "../../support/openapi-validator";
import { useFixtureStack } from "./fixture-stack";

describe("startLocalStack (fixture config, own fauxqs, the run's DynamoDB Local)", () => {
  const logger = createMemoryLogger();
  const stack = useFixtureStack({ logger });

  const publish = async (action: string) => {
    const response = await fetch(`${stack.url}/queues/fixture/messages`, {
      method: "POST",
      headers: { "x-api-key": stack.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ body: { action }, groupId: `g-${action}`, dedupId: randomUUID() }),
    });
    expect(response.status).toBe(202);
    return (await response.json()) as { messageId: string; dedupId: string };
  };

  const logLine = (fields: Record<string, unknown>) => waitForLogLine(logger, fields, 20_000);

  it("serves the real API under /v1 with the key it reports", async () => {
    // Act
    const response = await fetch(`${stack.url}/queues`, { headers: { "x-api-key": stack.apiKey } });

    // Assert
    expect(stack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(stack.apiKey.length).toBeGreaterThanOrEqual(20);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      queues: [
        {
          name: "fixture",
          depth: expect.any(Number),
          inFlight: expect.any(Number),
          deadLetters: expect.any(Number),
        },
      ],
    });
  });

  it("refuses a request without the API key with 403 UNAUTHORIZED", async () => {
    const response = await fetch(`${stack.url}/queues`);

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
  });

  it("has two keys: the producer key gets 403 FORBIDDEN on the dead-letter routes, the operator key may use them", async () => {
    // Act
    const deadLetters = (key: string) =>
      fetch(`${stack.url}/queues/fixture/dead-letters`, { headers: { "x-api-key": key } });
    const [asProducer, asOperator] = [await deadLetters(stack.apiKey), await deadLetters(stack.operatorKey)];
    const queuesAsOperator = await fetch(`${stack.url}/queues`, {
      headers: { "x-api-key": stack.operatorKey },
    });

    // Assert
    expect(stack.operatorKey).not.toBe(stack.apiKey);
    expect(asProducer.status).toBe(403);
    expect(await asProducer.json()).toMatchObject({ error: { code: "FORBIDDEN" } });
    expect(asOperator.status).toBe(200);
    expect(queuesAsOperator.status).toBe(200);
  });

  it("serves the OpenAPI document at /openapi.json without a key, and its own answers validate against it", async () => {
    // Arrange
    const validate = createResponseValidator();
    const get = (path: string, key?: string) =>
      fetch(`${stack.url}${path}`, { headers: key === undefined ? {} : { "x-api-key": key } });

    // Act
    const served = await get("/openapi.json");
    const answers = [
      ["/queues", await get("/queues", stack.apiKey)],
      ["/queues", await get("/queues")],
      ["/queues/{queue}/dead-letters", await get("/queues/fixture/dead-letters", stack.apiKey)],
      ["/queues/{queue}/dead-letters", await get("/queues/fixture/dead-letters", stack.operatorKey)],
      [
        "/queues/{queue}/dead-letters/{id}",
        await get("/queues/fixture/dead-letters/nope", stack.operatorKey),
      ],
    ] as const;
    const problems = await Promise.all(
      answers.map(async ([route, response]) =>
        validate("GET", route, response.status, await response.json()),
      ),
    );

    // Assert
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual(openApiDocument());
    expect(answers.map(([, response]) => response.status)).toEqual([200, 403, 403, 200, 404]);
    expect(problems.flat()).toEqual([]);
  });

  it("runs a published message through the queue's consumer module and deletes it", async () => {
    // Act
    const { messageId } = await publish("ok");

    // Assert: handled, logged as processed, and the queue empty
    await logLine({ message: "fixture handled", messageId });
    await logLine({ outcome: "processed", queue: "fixture", messageId, attempt: 1 });
    await vi.waitFor(
      async () => {
        const response = await fetch(`${stack.url}/queues`, { headers: { "x-api-key": stack.apiKey } });
        expect(await response.json()).toMatchObject({ queues: [{ name: "fixture", depth: 0, inFlight: 0 }] });
      },
      { timeout: 10_000, interval: 100 },
    );
  });

  it("writes the CloudWatch EMF lines to its log: published by the API, processed by the consumer", async () => {
    // Act
    const { messageId } = await publish("ok");
    await logLine({ outcome: "processed", queue: "fixture", messageId });

    // Assert: the same documents the Lambda functions write, with the stack dimension "local"
    const emf = (metric: string) =>
      vi.waitFor(
        () => {
          const line = logger.lines.find(
            (candidate) => candidate.message === "fifoq metrics" && metric in candidate,
          );
          expect(line, `an EMF line with ${metric}`).toBeDefined();
          return line;
        },
        { timeout: 10_000, interval: 50 },
      );
    const processed = await emf("Processed");
    expect(processed).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: "fifoq",
            Dimensions: [["stack", "queue"]],
            Metrics: expect.arrayContaining([{ Name: "Processed", Unit: "Count" }]),
          },
        ],
      },
      Processed: expect.any(Number),
      AgeAtProcessing: expect.anything(),
    });
    expect(await emf("Published")).toMatchObject({ Published: 1, stack: "local", queue: "fixture" });
  });

  it("dead-letters a permanent failure, and the dead-letter recorder stores it", async () => {
    // Act
    const { messageId, dedupId } = await publish("permanent");

    // Assert: the consumer dead-letters it and the recorder records it
    await logLine({ outcome: "dead-lettered", queue: "fixture", messageId });
    await logLine({
      message: "dead letter recorded",
      queue: "fixture",
      id: messageId,
      dedupId,
      outcome: "recorded",
    });
  });

  it("delivers attributes named __proto__, constructor and prototype to the consumer and into the dead letter", async () => {
    // Arrange: written as JSON text (an object literal would give `__proto__` its special meaning)
    const attributes = '{"__proto__":"p","constructor":"c","prototype":"t"}';
    const send = async (action: string) => {
      const response = await fetch(`${stack.url}/queues/fixture/messages`, {
        method: "POST",
        headers: { "x-api-key": stack.apiKey, "content-type": "application/json" },
        body: `{"body":{"action":"${action}"},"groupId":"g-proto-${action}","dedupId":"${randomUUID()}","attributes":${attributes}}`,
      });
      expect(response.status).toBe(202);
      return ((await response.json()) as { messageId: string }).messageId;
    };
    const expected = [
      ["__proto__", "p"],
      ["constructor", "c"],
      ["prototype", "t"],
    ];

    // Act
    const handled = await send("ok");
    const deadLettered = await send("permanent");

    // Assert: the consumer's message…
    const line = await logLine({ message: "fixture handled", messageId: handled });
    expect(Object.entries((line?.attributes ?? {}) as object)).toEqual(expected);
    // …and the dead letter, as the API shows it
    await logLine({ message: "dead letter recorded", id: deadLettered, outcome: "recorded" });
    const response = await fetch(`${stack.url}/queues/fixture/dead-letters/${deadLettered}`, {
      headers: { "x-api-key": stack.operatorKey },
    });
    expect(response.status).toBe(200);
    const letter = JSON.parse(await response.text()) as { attributes: object };
    expect(Object.entries(letter.attributes)).toEqual(expected);
  });

  it("dead-letters a 5 MB message and shows it without its body, where the whole would pass Lambda's response limit", async () => {
    // Arrange: 5 MB of JSON text (quotes), 10 MB once escaped in the API function's answer
    const body = { action: "permanent", quotes: '"'.repeat(2_500_000) };
    const sent = await fetch(`${stack.url}/queues/fixture/messages`, {
      method: "POST",
      headers: { "x-api-key": stack.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ body, groupId: "g-heavy", dedupId: randomUUID() }),
    });
    const { messageId } = (await sent.json()) as { messageId: string };
    await logLine({ message: "dead letter recorded", id: messageId, outcome: "recorded" });

    // Act
    const response = await fetch(`${stack.url}/queues/fixture/dead-letters/${messageId}`, {
      headers: { "x-api-key": stack.operatorKey },
    });

    // Assert
    const letter = (await response.json()) as Record<string, unknown>;
    expect([sent.status, response.status]).toEqual([202, 200]);
    expect([letter.body, letter.bodyOmittedBytes]).toEqual([null, JSON.stringify(body).length]);
    expect(createResponseValidator()("GET", "/queues/{queue}/dead-letters/{id}", 200, letter)).toEqual([]);
  });

  it("stops everything it started, promptly, and can be asked twice", async () => {
    // Arrange
    const before = Date.now();

    // Act
    await Promise.all([stack.stop(), stack.stop()]);

    // Assert
    expect(Date.now() - before).toBeLessThan(7000);
    await expect(fetch(`${stack.url}/queues`)).rejects.toThrow();
  });
});
