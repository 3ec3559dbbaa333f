import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "../../../contract/json-depth";
import { ApiError } from "../../../functions/core/http/errors";
import { readJsonBody } from "../../../functions/core/http/json-body";
import { createRouter } from "../../../functions/core/http/router";
import type { Route } from "../../../functions/core/http/types";
import { fakeRoute } from "../../factories/routes";
import { arbitraryPath, method } from "../../support/request-arbitraries";

const route = (verb: Route["method"], path: string): Route =>
  fakeRoute({
    method: verb,
    path,
    handler: async () => ({ status: 200 }),
  });

const match = createRouter([
  route("GET", "/queues"),
  route("POST", "/queues/{queue}/messages"),
  route("POST", "/queues/{queue}/messages/batch"),
  route("GET", "/queues/{queue}/dead-letters/{id}"),
  route("POST", "/queues/{queue}/dead-letters/redrive"),
  route("POST", "/queues/{queue}/dead-letters/{id}/redrive"),
]);

/** What a call gives: its value, or the error it threw. */
const outcome = <T>(call: () => T): { value?: T; error?: unknown } => {
  try {
    return { value: call() };
  } catch (error) {
    return { error };
  }
};

/** Property-based (fast-check), no AWS: parsing and routing of untrusted input. */
describe("request parsing and routing on arbitrary input", () => {
  it("routes any path to a route whose parameters are non-empty and hold no `/`, or to a 4xx", () => {
    fc.assert(
      fc.property(method, fc.oneof(arbitraryPath, fc.string({ maxLength: 300 })), (verb, path) => {
        // Act
        const { value, error } = outcome(() => match(verb, path));

        // Assert
        if (error !== undefined) {
          expect(error).toBeInstanceOf(ApiError);
          expect((error as ApiError).status).toBeGreaterThanOrEqual(400);
          expect((error as ApiError).status).toBeLessThan(500);
        } else {
          for (const param of Object.values(value?.params ?? {})) {
            expect(param).not.toBe("");
            expect(param).not.toContain("/");
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("reads any body as JSON nested at most MAX_JSON_DEPTH levels, or refuses it with a 4xx", () => {
    const text = fc.oneof(
      fc.json({ depthSize: "large" }),
      fc.string({ maxLength: 300 }),
      fc.integer({ min: 1, max: 20_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`),
    );
    fc.assert(
      fc.property(text, (body) => {
        // Act
        const request = {
          method: "POST",
          path: "/",
          headers: { "content-type": "application/json" },
          query: {},
          body,
        };
        const { value, error } = outcome(() => readJsonBody(request, { maxBytes: 6_291_456 }));

        // Assert
        if (error !== undefined) {
          expect(error).toBeInstanceOf(ApiError);
          expect((error as ApiError).status).toBe(400);
        } else {
          expect(nestsDeeperThan(value, MAX_JSON_DEPTH)).toBe(false);
          expect(() => JSON.stringify(value)).not.toThrow();
        }
      }),
      { numRuns: 200 },
    );
  });
});
