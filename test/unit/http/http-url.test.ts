import { describe, expect, it } from "vitest";
import { isHttpUrl } from "../../../functions/core/http-url";

describe("isHttpUrl", () => {
  it.each([
    "https://sqs.us-east-1.amazonaws.com/123456789012/orders-dlq.fifo",
    "http://localhost:4566",
    "http://127.0.0.1:9324/",
    // fauxqs's queue URLs: the WHATWG URL parser refuses this host (last label numeric, not IPv4)
    "http://sqs.us-east-1.127.0.0.1:37511/000000000000/orders-dlq.fifo",
    "http://[::1]:8000",
  ])("accepts %s", (value) => {
    expect(isHttpUrl(value)).toBe(true);
  });

  it.each([
    "orders-dlq",
    "localhost:4566",
    "ftp://example.com",
    "http://",
    "http://exa mple.com",
    "http://-bad.example.com",
    "http://example.com:123456",
  ])("refuses %s", (value) => {
    expect(isHttpUrl(value)).toBe(false);
  });
});
