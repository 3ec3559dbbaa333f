import { describe, expect, it } from "vitest";
import { API_ROUTES } from "../../../contract";
import { createApiHandler } from "../../../functions/api/create-api-handler";
import { scheduleRoutes } from "../../../functions/api/schedule-routes";
import { apiEvent, jsonBody } from "../../factories/api-gateway";
import { scheduleKitFixture } from "../../support/in-memory-schedules";
import { offlineApiDeps } from "../../support/offline-api-deps";
import { createResponseValidator } from "../../support/openapi-validator";

const OPERATOR = "operator-key-id";
const PRODUCER = "producer-key-id";
const NOW = Date.UTC(2027, 0, 31, 8, 0);
const definition = {
  cron: "*/30 * * * *",
  queue: "orders",
  groupId: "g",
  body: { n: 1 },
  attributes: { k: "v" },
};

/** The schedule routes on in-memory ports (fifoq's own store and timer); AWS is never reached. */
const setup = () => {
  const { store, port, deps } = scheduleKitFixture(NOW);
  const handler = createApiHandler(offlineApiDeps({ operatorKeyId: OPERATOR, now: () => NOW }), {
    routes: () => scheduleRoutes(deps),
  });
  const call = (method: string, path: string, body?: unknown, apiKeyId = OPERATOR) =>
    handler(apiEvent({ method, path, body, apiKeyId }));
  return { store, port, call };
};

const validate = createResponseValidator();

/**
 * Calls every route of the contract whose path matches (path parameters filled in, a PUT with a definition)
 * and checks each answer against the document.
 */
const answersOf = (handler: ReturnType<typeof createApiHandler>, pattern: RegExp) =>
  Promise.all(
    Object.values(API_ROUTES)
      .filter((route) => pattern.test(route.path))
      .map(async ({ method, path: route }) => {
        const path = route
          .replace("{queue}", "orders")
          .replace("{name}", "nightly")
          .replace("{id}", "0".repeat(26));
        const body = method === "PUT" ? definition : undefined;
        const answer = await handler(apiEvent({ method, path, body, apiKeyId: OPERATOR }));
        const json = jsonBody<{ error?: { code?: string } }>(answer);
        const problems = validate(method, route, answer.statusCode, json);
        return { status: answer.statusCode, code: json.error?.code, problems };
      }),
  );

describe("the schedule routes", () => {
  it("answers every schedule route of a deployment without a schedule store 404 NOT_FOUND, as the document says", async () => {
    // Arrange: no scheduled-message table, so no store
    const handler = createApiHandler(offlineApiDeps({ operatorKeyId: OPERATOR, now: () => NOW }), {
      routes: () => scheduleRoutes(undefined),
    });

    // Act
    const answers = await answersOf(handler, /^\/schedules/);

    // Assert
    expect(answers.length).toBe(6);
    expect(answers.map(({ status, code, problems }) => [status, code, problems])).toEqual(
      answers.map(() => [404, "NOT_FOUND", []]),
    );
  });

  it("answers a queue's scheduled-message routes of a deployment without delayed messages 404 NOT_FOUND, as the document says", async () => {
    // Arrange: the default routes, no time configuration
    const handler = createApiHandler(offlineApiDeps({ operatorKeyId: OPERATOR, now: () => NOW }));

    // Act
    const answers = await answersOf(handler, /\/scheduled/);

    // Assert
    expect(answers.length).toBe(3);
    expect(answers.map(({ status, problems }) => [status, problems])).toEqual(answers.map(() => [404, []]));
  });

  it("creates, shows, lists, pauses, resumes and deletes a schedule, each answer as the document says", async () => {
    // Arrange
    const { call } = setup();

    // Act
    const answers = [
      ["PUT", "/schedules/{name}", await call("PUT", "/schedules/half-hourly", definition)],
      ["GET", "/schedules/{name}", await call("GET", "/schedules/half-hourly")],
      ["GET", "/schedules", await call("GET", "/schedules")],
      ["POST", "/schedules/{name}/pause", await call("POST", "/schedules/half-hourly/pause")],
      ["POST", "/schedules/{name}/resume", await call("POST", "/schedules/nightly/resume")],
      ["DELETE", "/schedules/{name}", await call("DELETE", "/schedules/half-hourly")],
    ] as const;

    // Assert
    expect(answers.map(([, , result]) => result.statusCode)).toEqual([200, 200, 200, 200, 200, 204]);
    for (const [method, path, result] of answers) {
      const body = result.body === "" ? undefined : jsonBody(result);
      expect(validate(method, path, result.statusCode, body)).toEqual([]);
    }
    expect(jsonBody(answers[0][2])).toMatchObject({
      name: "half-hourly",
      timezone: "UTC",
      attributes: { k: "v" },
      paused: false,
      nextFires: ["2027-01-31T08:30:00.000Z", "2027-01-31T09:00:00.000Z"].concat(
        ["09:30", "10:00", "10:30"].map((time) => `2027-01-31T${time}:00.000Z`),
      ),
    });
    expect(jsonBody(answers[2][2])).toMatchObject({
      schedules: [{ name: "nightly" }, { name: "half-hourly" }],
    });
    expect(jsonBody(answers[3][2])).toMatchObject({ paused: true, nextFires: [] });
  });

  it("answers a PUT of a configured name with 409 SCHEDULE_DECLARED and a bad cron with 400 INVALID_SCHEDULE", async () => {
    // Arrange
    const { port, call } = setup();

    // Act
    const declaredPut = await call("PUT", "/schedules/nightly", definition);
    const badCron = await call("PUT", "/schedules/half-hourly", { ...definition, cron: "* * *" });

    // Assert
    expect(declaredPut.statusCode).toBe(409);
    expect(jsonBody(declaredPut)).toMatchObject({
      error: { code: "SCHEDULE_DECLARED", message: expect.stringContaining("fifoq.config.ts") },
    });
    expect(badCron.statusCode).toBe(400);
    expect(jsonBody(badCron)).toMatchObject({
      error: {
        code: "INVALID_SCHEDULE",
        message: expect.stringContaining("cron"),
        details: [{ field: "cron" }],
      },
    });
    expect(validate("PUT", "/schedules/{name}", 409, jsonBody(declaredPut))).toEqual([]);
    expect(validate("PUT", "/schedules/{name}", 400, jsonBody(badCron))).toEqual([]);
    expect(port.calls).toEqual([]);
  });

  it("never touches a delayed message's one-time Scheduler schedule (`<scheduled id>-<queue>`, same group)", async () => {
    // Arrange: the name the release trigger gives the schedule of delayed message 0kz3x9a1b2c3d4e5f6g7h8i9j on orders
    const { port, call } = setup();
    const oneTime = "/schedules/0kz3x9a1b2c3d4e5f6g7h8i9j-orders";

    // Act
    const put = await call("PUT", oneTime, definition);
    const removed = await call("DELETE", oneTime);

    // Assert
    expect(put.statusCode).toBe(400);
    expect(jsonBody(put)).toMatchObject({
      error: { code: "INVALID_SCHEDULE", details: [{ field: "name" }] },
    });
    expect(removed.statusCode).toBe(404);
    expect(port.calls).toEqual([]);
  });

  it("answers unknown schedules with 404 NOT_FOUND", async () => {
    // Arrange
    const { call } = setup();

    // Act
    const answers = await Promise.all([
      call("GET", "/schedules/missing"),
      call("DELETE", "/schedules/missing"),
      call("POST", "/schedules/missing/pause"),
    ]);

    // Assert
    expect(answers.map((answer) => answer.statusCode)).toEqual([404, 404, 404]);
    expect(answers.map((answer) => jsonBody(answer))).toEqual(
      answers.map(() => ({ error: { code: "NOT_FOUND", message: 'no schedule "missing"' } })),
    );
  });

  it.each([
    ["GET", "/schedules"],
    ["GET", "/schedules/nightly"],
    ["PUT", "/schedules/half-hourly"],
    ["DELETE", "/schedules/half-hourly"],
    ["POST", "/schedules/nightly/pause"],
    ["POST", "/schedules/nightly/resume"],
  ])("refuses %s %s to a producer key with 403 FORBIDDEN and touches nothing", async (method, path) => {
    // Arrange
    const { store, port, call } = setup();

    // Act
    const result = await call(method, path, method === "PUT" ? definition : undefined, PRODUCER);

    // Assert
    expect(result.statusCode).toBe(403);
    expect(store.records.size).toBe(0);
    expect(port.calls).toEqual([]);
  });
});
