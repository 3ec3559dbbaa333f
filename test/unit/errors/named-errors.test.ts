import { describe, expect, it } from "vitest";
import { ConfigError, InvalidConfigValueError } from "../../../functions/core/config/errors";
import { MessageParseError, PermanentError } from "../../../functions/core/consumer/errors";
import { FifoqError } from "../../../functions/core/errors";
import { PayloadNotFoundError, PayloadStoreError } from "../../../functions/core/payloads/payload-store";
import { GatewayBodyTooLargeError, LocalStackError } from "../../../local/errors";

describe("error classes made with named() and prefixedError()", () => {
  it.each([
    ["PermanentError", new PermanentError("no"), PermanentError],
    ["MessageParseError", new MessageParseError("m-1", { cause: new Error("bad") }), PermanentError],
    ["PayloadNotFoundError", new PayloadNotFoundError("gone"), PayloadStoreError],
    ["InvalidConfigValueError", new InvalidConfigValueError("q", "batchSize", 0, "1-10"), ConfigError],
    ["GatewayBodyTooLargeError", new GatewayBodyTooLargeError(10), LocalStackError],
  ] as const)(
    "%s carries its own name and is an instance of its parent and FifoqError",
    (name, error, parent) => {
      // Assert
      expect(error.name).toBe(name);
      expect(error).toBeInstanceOf(parent);
      expect(error).toBeInstanceOf(FifoqError);
    },
  );

  it("keeps the parent's constructor: a module prefix and the subclass's own message", () => {
    // Act
    const error = new InvalidConfigValueError("orders", "batchSize", 11, "1 to 10");

    // Assert
    expect(error.message).toBe('fifoq config: queue "orders": batchSize = 11 is not allowed; 1 to 10');
    expect(new ConfigError("x").name).toBe("ConfigError");
  });
});
