import { describe, expect, it } from "vitest";
import { createApiHandler } from "../../../functions/api/create-api-handler";
import { InvalidMessageError, UpstreamUnavailableError } from "../../../functions/core/http/errors";
import type { Route } from "../../../functions/core/http/types";
import { apiEvent, jsonBody } from "../../factories/api-gateway";
import { fakeRoute } from "../../factories/routes";
import { createMemoryLogger } from "../../support/memory-logger";
import { offlineApiDeps } from "../../support/offline-api-deps";

const depsWith = () => {
  const logger = createMemoryLogger();
  let clock = 1_000;
  // The routes below are fakes, and unknown queues fail before any SQS call: AWS is never called.
  const deps = offlineApiDeps({
    logger,
    now: () => {
      clock += 5;
      return clock;
    },
  });
  return { deps, logger };
};

const fakeRoutes = (): Route[] => [
  fakeRoute({ method: "GET", path: "/ok", handler: async () => ({ status: 200, body: { ok: true } }) }),
  fakeRoute({ method: "DELETE", path: "/things/{id}", handler: async () => ({ status: 204 }) }),
  fakeRoute({
    method: "POST",
    path: "/queues/{queue}/fail",
    handler: async (request, context) => {
      context.annotate({ queue: request.params.queue, count: 3 });
      throw new InvalidMessageError("bad entry", [{ index: 2, field: "groupId", message: "is required" }]);
    },
  }),
  fakeRoute({
    method: "GET",
    path: "/down",
    handler: async () => {
      throw new UpstreamUnavailableError("SQS is unavailable", {
        retryAfterSeconds: 2,
        cause: new Error("ECONNREFUSED"),
      });
    },
  }),
  fakeRoute({
    method: "GET",
    path: "/bug",
    handler: async () => {
      throw new TypeError("cannot read properties of undefined");
    },
  }),
];

describe("createApiHandler", () => {
  it("returns the route's JSON body with a JSON content type", async () => {
    // Arrange
    const { deps } = depsWith();
    const handler = createApiHandler(deps, { routes: fakeRoutes });
    // Act
    const result = await handler(apiEvent({ path: "/ok" }));
    // Assert
    expect(result.statusCode).toBe(200);
    expect(result.headers?.["Content-Type"]).toMatch(/^application\/json/);
    expect(jsonBody(result)).toEqual({ ok: true });
  });

  it("returns an empty body for 204", async () => {
    // Arrange
    const { deps } = depsWith();

    // Act
    const result = await createApiHandler(deps, { routes: fakeRoutes })(
      apiEvent({ method: "DELETE", path: "/things/1" }),
    );

    // Assert
    expect(result).toMatchObject({ statusCode: 204, body: "" });
  });

  it("maps a domain error to its status and error body, and logs one line with the annotations", async () => {
    // Arrange
    const { deps, logger } = depsWith();
    const handler = createApiHandler(deps, { routes: fakeRoutes });
    // Act
    const result = await handler(
      apiEvent({ method: "POST", path: "/queues/orders/fail", body: { secret: "body" } }),
    );
    // Assert
    expect(result.statusCode).toBe(400);
    expect(jsonBody(result)).toEqual({
      error: {
        code: "INVALID_MESSAGE",
        message: "bad entry",
        details: [{ index: 2, field: "groupId", message: "is required" }],
      },
    });
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatchObject({
      level: "info",
      message: "request",
      method: "POST",
      path: "/queues/orders/fail",
      status: 400,
      queue: "orders",
      count: 3,
      code: "INVALID_MESSAGE",
      durationMs: 5,
    });
    expect(JSON.stringify(logger.lines)).not.toContain("secret");
  });

  it("answers 503 with Retry-After and logs the cause at error level", async () => {
    // Arrange
    const { deps, logger } = depsWith();

    // Act
    const result = await createApiHandler(deps, { routes: fakeRoutes })(apiEvent({ path: "/down" }));

    // Assert
    expect(result.statusCode).toBe(503);
    expect(result.headers?.["Retry-After"]).toBe("2");
    expect(logger.lines[0]).toMatchObject({
      level: "error",
      status: 503,
      error: { name: "UpstreamUnavailableError", cause: { message: "ECONNREFUSED" } },
    });
  });

  it("hides an unexpected error behind 500 INTERNAL and logs the real one", async () => {
    // Arrange
    const { deps, logger } = depsWith();

    // Act
    const result = await createApiHandler(deps, { routes: fakeRoutes })(apiEvent({ path: "/bug" }));

    // Assert
    expect(result.statusCode).toBe(500);
    expect(jsonBody(result)).toMatchObject({ error: { code: "INTERNAL" } });
    expect(result.body).not.toContain("undefined");
    expect(logger.lines[0]).toMatchObject({
      level: "error",
      error: { name: "TypeError", message: "cannot read properties of undefined" },
    });
  });

  it("answers NOT_FOUND and METHOD_NOT_ALLOWED from the default producer routes", async () => {
    // Arrange
    const { deps } = depsWith();
    const handler = createApiHandler(deps);
    // Act
    const unknown = await handler(apiEvent({ path: "/nothing/here" }));
    const wrongMethod = await handler(apiEvent({ method: "DELETE", path: "/queues" }));
    // Assert
    expect(unknown.statusCode).toBe(404);
    expect(jsonBody(unknown)).toMatchObject({ error: { code: "NOT_FOUND" } });
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers?.Allow).toBe("GET");
  });

  it("answers QUEUE_NOT_FOUND before reading the body", async () => {
    // Arrange
    const { deps, logger } = depsWith();

    // Act
    const result = await createApiHandler(deps)(
      apiEvent({
        method: "POST",
        path: "/queues/nope/messages",
        body: "not json",
        contentType: "text/plain",
      }),
    );

    // Assert
    expect(result.statusCode).toBe(404);
    expect(jsonBody(result)).toMatchObject({
      error: { code: "QUEUE_NOT_FOUND", message: expect.stringContaining("orders") },
    });
    expect(logger.lines[0]).toMatchObject({ queue: "nope", status: 404 });
  });

  it("routes on the proxy parameter, whatever the stage, and reads a base64 body", async () => {
    const { deps } = depsWith();
    const handler = createApiHandler(deps);
    // Act: the body reaches the function base64-encoded (undecoded, it would be INVALID_JSON)
    const result = await handler(
      apiEvent({
        method: "POST",
        path: "/queues/orders/messages/batch",
        body: { messages: 5 },
        stage: "prod",
        base64: true,
      }),
    );
    // Assert
    expect(jsonBody(result)).toMatchObject({
      error: { code: "INVALID_MESSAGE", details: [{ field: "messages" }] },
    });
  });
  it("routes on the raw path: an encoded slash never becomes a separator", async () => {
    // Arrange: API Gateway decodes `{proxy}` to "queues/orders/fail"; the raw path has one segment fewer
    const { deps } = depsWith();
    const handler = createApiHandler(deps, { routes: fakeRoutes });

    // Act
    const result = await handler(apiEvent({ method: "POST", path: "/queues/orders%2Ffail", body: {} }));

    // Assert
    expect(result.statusCode).toBe(404);
    expect(jsonBody(result)).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("routes behind a custom domain's base path, which the raw path still holds", async () => {
    // Arrange
    const { deps } = depsWith();
    const handler = createApiHandler(deps, { routes: fakeRoutes });
    const event = { ...apiEvent({ method: "DELETE", path: "/things/a%20b" }), path: "/v2/api/things/a%20b" };

    // Act
    const result = await handler(event);

    // Assert
    expect(result.statusCode).toBe(204);
  });
});
