import { describe, expect, it } from "vitest";
import { isHttpUrl } from "../../../functions/core/http-url";

describe("isHttpUrl", () => {
  it.each([
    [true, "https://sqs.us-east-1.amazonaws.com/123456789012/orders-dlq.fifo"],
    [true, "http://localhost:4566"],
    [true, "http://127.0.0.1:9324/"],
    // fauxqs's queue URLs: the WHATWG URL parser refuses this host (last label numeric, not IPv4)
    [true, "http://sqs.us-east-1.127.0.0.1:37511/000000000000/orders-dlq.fifo"],
    [true, "http://[::1]:8000"],
    [false, "orders-dlq"],
    [false, "localhost:4566"],
    [false, "ftp://example.com"],
    [false, "http://"],
    [false, "http://exa mple.com"],
    [false, "http://-bad.example.com"],
    [false, "http://example.com:123456"],
  ])("answers %s for %s", (accepted, value) => {
    expect(isHttpUrl(value)).toBe(accepted);
  });
});
