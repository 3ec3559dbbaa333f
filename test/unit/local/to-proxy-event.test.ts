import { describe, expect, it } from "vitest";
import { matchStage } from "../../../local/gateway/stage-route";
import {
  formatRequestTime,
  type GatewayContext,
  type GatewayRequest,
  toProxyEvent,
} from "../../../local/gateway/to-proxy-event";

const request = (overrides: Partial<GatewayRequest> = {}): GatewayRequest => ({
  method: "POST",
  target: "/v1/queues/orders/messages",
  rawHeaders: ["Host", "127.0.0.1:3000", "Content-Type", "application/json", "x-api-key", "k".repeat(20)],
  body: Buffer.from('{"body":1}'),
  sourceIp: "127.0.0.1",
  protocol: "HTTP/1.1",
  ...overrides,
});

const context: GatewayContext = {
  stage: "v1",
  requestId: "req-1",
  requestTimeEpoch: Date.UTC(2026, 10, 23, 22, 23, 17),
  domainName: "127.0.0.1:3000",
  apiId: "local",
  accountId: "000000000000",
  apiKey: "k".repeat(20),
  apiKeyId: "local-api-key",
};

const eventFor = (overrides: Partial<GatewayRequest> = {}) => {
  const given = request(overrides);
  const route = matchStage(given.target.split("?")[0] ?? "", "v1");
  if (!route) throw new Error(`no route for ${given.target}`);
  return toProxyEvent(given, route, context);
};

describe("toProxyEvent (REST API v1 proxy event)", () => {
  it("gives the handler the method, the path without the stage, and the proxy resource", () => {
    // Act
    const event = eventFor();

    // Assert
    expect(event).toMatchObject({
      resource: "/{proxy+}",
      path: "/queues/orders/messages",
      httpMethod: "POST",
      pathParameters: { proxy: "queues/orders/messages" },
      stageVariables: null,
      body: '{"body":1}',
      isBase64Encoded: false,
    });
    expect(event.requestContext).toMatchObject({
      stage: "v1",
      path: "/v1/queues/orders/messages",
      resourcePath: "/{proxy+}",
      requestId: "req-1",
      httpMethod: "POST",
      protocol: "HTTP/1.1",
      requestTimeEpoch: context.requestTimeEpoch,
      requestTime: "23/Nov/2026:22:23:17 +0000",
      identity: { apiKey: "k".repeat(20), apiKeyId: "local-api-key", sourceIp: "127.0.0.1" },
    });
  });

  it("keeps header names as sent, the last value in headers and every value in multiValueHeaders", () => {
    // Act
    const event = eventFor({
      rawHeaders: ["X-Trace", "a", "X-Trace", "b", "Content-Type", "application/json"],
    });

    // Assert
    expect(event.headers["X-Trace"]).toBe("b");
    expect(event.multiValueHeaders["X-Trace"]).toEqual(["a", "b"]);
    expect(event.headers["Content-Type"]).toBe("application/json");
  });

  it("decodes query parameters into single and multi-value maps, and gives null without a query", () => {
    // Act
    const withQuery = eventFor({
      method: "GET",
      target: "/v1/queues?limit=5&tag=a&tag=b%20c",
      body: Buffer.alloc(0),
    });
    const withoutQuery = eventFor({ method: "GET", target: "/v1/queues", body: Buffer.alloc(0) });

    // Assert
    expect(withQuery.queryStringParameters).toEqual({ limit: "5", tag: "b c" });
    expect(withQuery.multiValueQueryStringParameters).toEqual({ limit: ["5"], tag: ["a", "b c"] });
    expect(withQuery.path).toBe("/queues");
    expect(withoutQuery.queryStringParameters).toBeNull();
    expect(withoutQuery.multiValueQueryStringParameters).toBeNull();
  });

  it("keeps the path percent-encoded and decodes the proxy parameter, as REST API does", () => {
    // Act
    const event = eventFor({
      method: "GET",
      target: "/v1/queues/orders/dead-letters/a%2Fb%20c",
      body: Buffer.alloc(0),
    });

    // Assert
    expect(event.path).toBe("/queues/orders/dead-letters/a%2Fb%20c");
    expect(event.pathParameters).toEqual({ proxy: "queues/orders/dead-letters/a/b c" });
  });

  it("gives a null body without content and base64 for a binary content type", () => {
    // Act
    const empty = eventFor({ method: "GET", body: Buffer.alloc(0) });
    const binary = eventFor({
      rawHeaders: ["Content-Type", "application/octet-stream"],
      body: Buffer.from([0xff, 0x00, 0x01]),
    });

    // Assert
    expect(empty).toMatchObject({ body: null, isBase64Encoded: false });
    expect(binary).toMatchObject({
      body: Buffer.from([0xff, 0x00, 0x01]).toString("base64"),
      isBase64Encoded: true,
    });
  });

  it("maps the stage root to the root resource without path parameters", () => {
    const event = eventFor({ method: "GET", target: "/v1/", body: Buffer.alloc(0) });

    expect(event).toMatchObject({ resource: "/", path: "/", pathParameters: null });
    expect(event.requestContext.path).toBe("/v1/");
  });
});

describe("matchStage", () => {
  it("matches only paths under the stage", () => {
    // Act and assert
    expect(matchStage("/v1/queues", "v1")).toEqual({
      resource: "/{proxy+}",
      path: "/queues",
      proxy: "queues",
    });
    expect(matchStage("/v1", "v1")).toEqual({ resource: "/", path: "/" });
    expect(matchStage("/queues", "v1")).toBeUndefined();
    expect(matchStage("/v10/queues", "v1")).toBeUndefined();
  });
});

describe("formatRequestTime", () => {
  it("writes API Gateway's day/month/year:time format in UTC", () => {
    expect(formatRequestTime(Date.UTC(2026, 0, 5, 3, 4, 5))).toBe("05/Jan/2026:03:04:05 +0000");
  });

  it("keeps headers and query parameters named __proto__, constructor and prototype as ordinary names", () => {
    // Act
    const event = eventFor({
      target: "/v1/queues?__proto__=p&constructor=c&prototype=t&constructor=c2",
      rawHeaders: ["__proto__", "hp", "constructor", "hc", "prototype", "ht", "constructor", "hc2"],
    });

    // Assert
    const own = (map: object | null) => Object.fromEntries(Object.entries(map ?? {}));
    expect(own(event.headers)).toEqual(JSON.parse('{"__proto__":"hp","constructor":"hc2","prototype":"ht"}'));
    expect(own(event.multiValueHeaders)).toEqual(
      JSON.parse('{"__proto__":["hp"],"constructor":["hc","hc2"],"prototype":["ht"]}'),
    );
    expect(own(event.queryStringParameters)).toEqual(
      JSON.parse('{"__proto__":"p","constructor":"c2","prototype":"t"}'),
    );
    expect(own(event.multiValueQueryStringParameters)).toEqual(
      JSON.parse('{"__proto__":["p"],"constructor":["c","c2"],"prototype":["t"]}'),
    );
  });
});
