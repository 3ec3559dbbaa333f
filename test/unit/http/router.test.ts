import { describe, expect, it } from "vitest";
import { MethodNotAllowedError, NotFoundError } from "../../../functions/core/http/errors";
import { createRouter } from "../../../functions/core/http/router";
import type { Route } from "../../../functions/core/http/types";
import { fakeRoute } from "../../factories/routes";

const route = (method: Route["method"], path: string): Route =>
  fakeRoute({
    method,
    path,
    handler: async () => ({ status: 200, body: { method, path } }),
  });

const routes = [
  route("GET", "/queues"),
  route("POST", "/queues/{queue}/messages"),
  route("POST", "/queues/{queue}/messages/batch"),
  route("GET", "/queues/{queue}/dead-letters/{id}"),
  route("DELETE", "/queues/{queue}/dead-letters/{id}"),
  route("POST", "/queues/{queue}/dead-letters/redrive"),
  route("POST", "/queues/{queue}/dead-letters/{id}/redrive"),
];

describe("createRouter", () => {
  const match = createRouter(routes);

  it("matches a literal path", () => {
    // Act
    const found = match("GET", "/queues");
    // Assert
    expect(found.route.path).toBe("/queues");
    expect(found.params).toEqual({});
  });

  it("captures and decodes path parameters", () => {
    const found = match("POST", "/queues/my%2Dqueue/messages");
    expect(found.route.path).toBe("/queues/{queue}/messages");
    expect(found.params).toEqual({ queue: "my-queue" });
  });

  it.each([
    ["an empty segment", "POST", "/queues/orders/dead-letters//redrive"],
    ["a repeated slash", "GET", "//queues"],
    ["a trailing slash", "POST", "/queues/orders/messages/batch/"],
    ["an encoded slash in a parameter", "POST", "/queues/orders/dead-letters/%2F/redrive"],
    ["an encoded slash joining two segments", "POST", "/queues/orders%2Fmessages"],
    ["an encoded slash in the queue", "POST", "/queues/a%2fb/messages"],
    ["broken percent-encoding", "GET", "/queues/orders/dead-letters/%E0%A4%A"],
  ])("matches no route for %s (%s %s): segments are never collapsed or re-split", (_, method, path) => {
    expect(() => match(method, path)).toThrow(NotFoundError);
  });

  it.each([
    ["parameter first", [route("POST", "/q/{queue}/{id}"), route("POST", "/q/{queue}/redrive")]],
    ["literal first", [route("POST", "/q/{queue}/redrive"), route("POST", "/q/{queue}/{id}")]],
  ])("prefers the more literal pattern when a literal and a parameter both match (%s)", (_order, both) => {
    // Arrange
    const matchBoth = createRouter(both);

    // Act
    const found = matchBoth("POST", "/q/orders/redrive");

    // Assert
    expect(found.route.path).toBe("/q/{queue}/redrive");
  });

  it("falls back to the parameter pattern for another method on the same path", () => {
    const found = match("GET", "/queues/orders/dead-letters/redrive");
    expect(found.route.path).toBe("/queues/{queue}/dead-letters/{id}");
    expect(found.params).toEqual({ queue: "orders", id: "redrive" });
  });

  it("throws NOT_FOUND for an unknown path", () => {
    expect(() => match("GET", "/nope")).toThrow(NotFoundError);
    expect(() => match("POST", "/queues/orders")).toThrow(NotFoundError);
  });

  it("throws METHOD_NOT_ALLOWED with an Allow header listing the methods of a known path", () => {
    // Act
    const error = captureError(() => match("PUT", "/queues/orders/dead-letters/abc"));
    // Assert
    expect(error).toBeInstanceOf(MethodNotAllowedError);
    expect(error).toMatchObject({
      code: "METHOD_NOT_ALLOWED",
      status: 405,
      headers: { Allow: "GET, DELETE" },
    });
  });

  it("throws METHOD_NOT_ALLOWED for GET on the publish route", () => {
    expect(() => match("GET", "/queues/orders/messages")).toThrow(/GET is not allowed.*use POST/);
  });
});

const captureError = (action: () => unknown): unknown => {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
};

describe("createRouter and a trailing slash", () => {
  const match = createRouter([route("GET", "/console"), route("GET", "/console/"), route("GET", "/a/{id}")]);

  it("matches a trailing slash only where a route declares one, and never as a parameter", () => {
    // Act and assert
    expect(match("GET", "/console/").route.path).toBe("/console/");
    expect(match("GET", "/console").route.path).toBe("/console");
    expect(() => match("GET", "/a/")).toThrow(NotFoundError);
    expect(() => match("GET", "/console//")).toThrow(NotFoundError);
  });
});
