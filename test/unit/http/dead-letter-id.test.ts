import { describe, expect, it } from "vitest";
import { createApiHandler } from "../../../functions/api/create-api-handler";
import { deadLetterRoutes } from "../../../functions/api/dead-letter-routes";
import type { DeadLetterStore } from "../../../functions/core/dead-letters/store";
import { apiEvent, jsonBody } from "../../factories/api-gateway";
import { createMemoryDeadLetterStore } from "../../factories/dead-letters";
import { offlineApiDeps } from "../../support/offline-api-deps";

/** The memory store, noting the name of every method called on it. */
const watchedStore = () => {
  const calls: string[] = [];
  const inner: DeadLetterStore = createMemoryDeadLetterStore();
  const store = new Proxy(inner, {
    get: (target, name, receiver) => {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        return Reflect.apply(value, target, args);
      };
    },
  });
  return { store, calls };
};

/** The dead-letter routes on `store`; these requests fail before any AWS call. */
const handlerWith = (store: DeadLetterStore) =>
  createApiHandler(offlineApiDeps(), { routes: (d) => deadLetterRoutes(d, { store }) });

describe("dead-letter ids are checked before any store call", () => {
  it.each([
    ["129 characters", "GET", "x".repeat(129), ""],
    ["2,000 characters", "GET", "x".repeat(2000), ""],
    ["a space", "DELETE", "has%20space", ""],
    ["a quote", "POST", "quote%22s", "/redrive"],
    ["letters outside ASCII", "GET", "%C3%A9t%C3%A9", ""],
  ])("an id of %s (%s) is 404 NOT_FOUND and reaches no store", async (_, method, id, suffix) => {
    // Arrange
    const { store, calls } = watchedStore();

    // Act
    const result = await handlerWith(store)(
      apiEvent({ method, path: `/queues/orders/dead-letters/${id}${suffix}` }),
    );

    // Assert
    expect(result.statusCode).toBe(404);
    expect(jsonBody(result)).toMatchObject({ error: { code: "NOT_FOUND" } });
    expect(calls).toEqual([]);
  });

  it("accepts an SQS message id of 128 characters", async () => {
    // Arrange
    const { store, calls } = watchedStore();

    // Act
    const result = await handlerWith(store)(
      apiEvent({ path: `/queues/orders/dead-letters/${"a-1".repeat(42)}ab` }),
    );

    // Assert: the store was asked, and had nothing
    expect(result.statusCode).toBe(404);
    expect(calls).toEqual(["get"]);
  });
});
