import { describe, expect, it } from "vitest";
import { toHttpRequest } from "../../../functions/api/event";
import { apiEvent } from "../../factories/api-gateway";

describe("toHttpRequest", () => {
  it("keeps headers and query parameters named __proto__, constructor and prototype as ordinary names", () => {
    // Arrange: what API Gateway hands the function (JSON, so these are own properties)
    const event = {
      ...apiEvent({ path: "/queues" }),
      headers: JSON.parse('{"__proto__":"hp","Constructor":"hc","prototype":"ht"}'),
      multiValueHeaders: JSON.parse('{"__proto__":["hp"],"Constructor":["hc"],"prototype":["ht"]}'),
      queryStringParameters: JSON.parse('{"__proto__":"qp","constructor":"qc","prototype":"qt"}'),
    };

    // Act
    const request = toHttpRequest(event);

    // Assert
    expect(Object.entries(request.headers)).toEqual([
      ["__proto__", "hp"],
      ["constructor", "hc"],
      ["prototype", "ht"],
    ]);
    expect(Object.entries(request.query)).toEqual([
      ["__proto__", "qp"],
      ["constructor", "qc"],
      ["prototype", "qt"],
    ]);
  });

  it("gives no header or query parameter that was not sent, even under a name Object.prototype has", () => {
    // Act
    const request = toHttpRequest(apiEvent({ path: "/queues" }));

    // Assert
    expect(request.headers.constructor).toBeUndefined();
    expect(request.query.toString).toBeUndefined();
  });
});
