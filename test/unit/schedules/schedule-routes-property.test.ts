import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createApiHandler } from "../../../functions/api/create-api-handler";
import { scheduleRoutes } from "../../../functions/api/schedule-routes";
import { apiEvent } from "../../factories/api-gateway";
import { scheduleKitFixture } from "../../support/in-memory-schedules";
import { offlineApiDeps } from "../../support/offline-api-deps";
import { createResponseValidator } from "../../support/openapi-validator";

const OPERATOR = "operator-key-id";
const NOW = Date.UTC(2027, 0, 31, 8, 0);

const name = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("hourly", "daily") },
  fc.constantFrom("nightly", "__proto__", "constructor", "Hourly", "a".repeat(65), "x%2Fy", "%E0%A4%A"),
  fc.string({ maxLength: 70 }).map(encodeURIComponent),
);

const definition = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      cron: fc.constantFrom("0 9 * * *", "*/5 * * * *"),
      queue: fc.constant("orders"),
      groupId: fc.constantFrom("g", "h"),
      body: fc.jsonValue(),
    }),
  },
  fc.jsonValue(),
  fc.record(
    {
      cron: fc.oneof(fc.constantFrom("0 9 * * *", "*/5 * * * *", "0 0 30 2 *", "61 * * * *"), fc.string()),
      timezone: fc.oneof(fc.constantFrom("UTC", "europe/berlin", "+05:00", "Etc/GMT+5"), fc.jsonValue()),
      queue: fc.constantFrom("orders", "payments", "__proto__"),
      groupId: fc.oneof(fc.constant("g"), fc.string({ maxLength: 140 })),
      body: fc.jsonValue(),
      attributes: fc.dictionary(
        fc.oneof(fc.constantFrom("__proto__", "constructor", "fifoq-x", "k"), fc.string({ maxLength: 20 })),
        fc.oneof(fc.string({ maxLength: 10 }), fc.jsonValue()),
        { maxKeys: 12 },
      ),
    },
    { requiredKeys: ["cron", "queue", "groupId", "body"] },
  ),
);

const validate = createResponseValidator();

const request = fc.record({
  method: fc.constantFrom("GET", "PUT", "DELETE", "POST"),
  name,
  verb: fc.constantFrom("", "/pause", "/resume"),
  body: definition,
  portFails: fc.boolean(),
});

type Request = typeof request extends fc.Arbitrary<infer T> ? T : never;

/** The schedule routes on the in-memory ports; `send` makes the timer fail first when asked. */
const setup = () => {
  const fixture = scheduleKitFixture(NOW);
  const handler = createApiHandler(offlineApiDeps({ operatorKeyId: OPERATOR, now: () => NOW }), {
    routes: () => scheduleRoutes(fixture.deps),
  });
  const send = (input: Request, fail: boolean) => {
    if (fail) fixture.port.failNext();
    const path = `/schedules/${input.name}${input.method === "POST" ? input.verb : ""}`;
    const body = input.method === "PUT" ? input.body : undefined;
    return handler(apiEvent({ method: input.method, path, body, apiKeyId: OPERATOR }));
  };
  return { ...fixture, send };
};

describe("the schedule routes under hostile requests (property)", () => {
  it("never answer 5xx but for a timer outage, and repeating a request repairs what the outage left", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(request, { maxLength: 8 }), async (requests) => {
        // Arrange
        const { store, port, send } = setup();

        // Act: each request, repeated once when the timer failed under it
        for (const input of requests) {
          const first = await send(input, input.portFails);
          const template = `/schedules/{name}${input.method === "POST" ? input.verb : ""}`;
          const body = first.body === "" ? undefined : JSON.parse(first.body);
          if (first.statusCode !== 404 && first.statusCode !== 405)
            expect(validate(input.method, template, first.statusCode, body)).toEqual([]);
          if (first.statusCode >= 500) {
            expect(port.calls.length).toBeGreaterThan(0);
            expect((await send(input, false)).statusCode).toBeLessThan(500);
          } else expect(first.statusCode).toBeLessThan(500);
        }

        // Assert: every API-managed record has its timer, as defined and as paused; no timer of a deleted one
        for (const record of store.records.values()) {
          if (record.origin !== "api") continue;
          expect(port.timers.get(record.name)).toEqual({
            schedule: record.definition,
            state: { origin: "api", paused: record.paused },
          });
        }
        for (const [timer, { state }] of port.timers) {
          if (state.origin === "api") expect(store.records.get(timer)?.origin).toBe("api");
        }
      }),
      { numRuns: 300 },
    );
  });
});
