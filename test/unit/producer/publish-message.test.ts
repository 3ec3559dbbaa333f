import { describe, expect, it } from "vitest";
import {
  InvalidMessageError,
  PayloadTooLargeError,
  UpstreamUnavailableError,
} from "../../../functions/core/http/errors";
import { publishMessage } from "../../../functions/core/producer/publish-message";
import { queueTarget, recordingSender } from "./fakes";

describe("publishMessage", () => {
  it("sends the validated message and answers with ids, queue, group and dedup id", async () => {
    // Arrange
    const sender = recordingSender();
    // Act
    const result = await publishMessage(
      {
        queue: queueTarget(),
        payload: { body: { a: 1 }, groupId: "g", attributes: { k: "v" } },
        idempotencyKey: "key-9",
      },
      { sender },
    );
    // Assert
    expect(result).toEqual({
      messageId: expect.any(String),
      sequenceNumber: expect.stringMatching(/^\d{20}$/),
      queue: "orders",
      groupId: "g",
      dedupId: "key-9",
    });
    expect(sender.single).toEqual([
      { body: '{"a":1}', groupId: "g", dedupId: "key-9", attributes: { k: "v" }, sizeBytes: 15 },
    ]);
  });

  it("refuses an invalid message with per-field details and sends nothing", async () => {
    // Arrange
    const sender = recordingSender();

    // Act
    const attempt = publishMessage(
      { queue: queueTarget(), payload: { body: 1, groupId: "", dedupId: "d", x: 1 } },
      { sender },
    );

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(InvalidMessageError);
    await expect(attempt).rejects.toMatchObject({
      message: expect.stringContaining("(and 1 more; see details)"),
      details: [{ field: "x" }, { field: "groupId" }],
    });
    expect(sender.single).toHaveLength(0);
  });

  it("refuses a message above 1 MiB with 413", async () => {
    // Arrange
    const sender = recordingSender();
    const payload = { body: "x".repeat(1_048_576), groupId: "g", dedupId: "d" };

    // Act and assert
    await expect(publishMessage({ queue: queueTarget(), payload }, { sender })).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    );

    // Assert: nothing was sent
    expect(sender.single).toHaveLength(0);
  });

  it("lets the sender's UpstreamUnavailableError through (503)", async () => {
    // Arrange
    const sender = {
      ...recordingSender(),
      send: async () => {
        throw new UpstreamUnavailableError("down");
      },
    };

    // Act and assert
    await expect(
      publishMessage({ queue: queueTarget(), payload: { body: 1, groupId: "g", dedupId: "d" } }, { sender }),
    ).rejects.toMatchObject({ status: 503 });
  });
});
