import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HOME, parseRoute, type Route, routeHash } from "../../../console/src/route";

const queueName = fc.stringMatching(/^[a-z0-9-]{1,64}$/);
/** Any id the API accepts: 1–128 characters without `/`. */
const recordId = fc
  .string({ unit: "binary", minLength: 1, maxLength: 128 })
  .filter((id) => !id.includes("/") && id.length <= 128);

describe("console routes (URL hash)", () => {
  it("names a queue and a dead letter", () => {
    // Act
    const queue = parseRoute("#/queues/orders");
    const record = parseRoute("#/queues/orders/dead-letters/4f1c-9a");

    // Assert
    expect(queue).toEqual({ kind: "queue", queue: "orders" });
    expect(record).toEqual({ kind: "dead-letter", queue: "orders", id: "4f1c-9a" });
    expect(routeHash(record)).toBe("#/queues/orders/dead-letters/4f1c-9a");
  });

  it("names a queue's scheduled messages and the schedules, and reads a bad queue name there as home", () => {
    // Act
    const scheduled = parseRoute("#/queues/orders/scheduled");
    const badName = parseRoute("#/queues/Orders!/scheduled");
    const extra = parseRoute("#/queues/orders/scheduled/x");
    const schedules = parseRoute("#/schedules");
    const oneSchedule = parseRoute("#/schedules/daily");

    // Assert
    expect(scheduled).toEqual({ kind: "scheduled", queue: "orders" });
    expect(routeHash(scheduled)).toBe("#/queues/orders/scheduled");
    expect(badName).toEqual(HOME);
    expect(extra).toEqual(HOME);
    expect(schedules).toEqual({ kind: "schedules" });
    expect(routeHash(schedules)).toBe("#/schedules");
    expect(oneSchedule).toEqual(HOME);
  });

  it("round-trips every queue name and every id, whatever its characters", () => {
    fc.assert(
      fc.property(queueName, recordId, (queue, id) => {
        // Arrange
        const routes: Route[] = [
          HOME,
          { kind: "queue", queue },
          { kind: "scheduled", queue },
          { kind: "schedules" },
          { kind: "dead-letter", queue, id },
        ];

        // Act
        const parsed = routes.map((route) => parseRoute(routeHash(route)));

        // Assert
        expect(parsed).toEqual(routes);
      }),
      { numRuns: 300 },
    );
  });

  it("reads anything else as home: other paths, bad names, an encoded /, empty segments, bad %", () => {
    // Arrange
    const hashes = [
      "",
      "#",
      "#/",
      "#/queues",
      "#/queues/",
      "#/queues/Orders",
      "#/queues/orders/",
      "#/queues/orders/dead-letters",
      "#/queues/orders/dead-letters/",
      "#/queues/orders/dead-letters/a%2Fb",
      "#/queues/orders/dead-letters/a/b",
      "#/queues/orders//dead-letters/a",
      "#/queues/orders/dead-letters/%E0%A4%A",
      "#/queues/orders/scheduled/a",
      `#/queues/orders/dead-letters/${"x".repeat(129)}`,
      `#/queues/${"q".repeat(65)}`,
      "#/__proto__/x",
      "#/constructor",
    ];

    // Act
    const routes = hashes.map(parseRoute);

    // Assert
    expect(routes).toEqual(hashes.map(() => HOME));
  });

  it("never throws on any hash, percent signs and slashes included", () => {
    // Arrange: pieces of real routes, slashes and broken percent-encoding, in any order
    const piece = fc.constantFrom(
      "#",
      "/",
      "%",
      "%2F",
      "%E0",
      "%A4",
      "queues",
      "orders",
      "dead-letters",
      "x",
    );
    const hash = fc.oneof(
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.array(piece).map((p) => p.join("")),
    );

    // Act / Assert
    fc.assert(
      fc.property(hash, (text) => {
        expect(() => parseRoute(text)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});
