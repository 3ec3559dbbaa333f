import { describe, expect, it } from "vitest";
import { PayloadTooLargeError, UpstreamUnavailableError } from "../../../functions/core/http/errors";
import { checkOut } from "../../../functions/core/payloads/claim-check";
import {
  type PayloadStore,
  PayloadStoreUnavailableError,
} from "../../../functions/core/payloads/payload-store";
import { PRODUCER_LIMITS } from "../../../functions/core/producer/limits";
import { SQS_MAX_MESSAGE_BYTES } from "../../../functions/core/producer/message-size";
import { publishBatch } from "../../../functions/core/producer/publish-batch";
import { publishMessage } from "../../../functions/core/producer/publish-message";
import { queueTarget, recordingSender } from "./fakes";

/** A payload store in memory (the port, not an AWS client). */
const memoryPayloads = (failWith?: Error) => {
  const objects = new Map<string, string>();
  const store: PayloadStore = {
    put: async (key, body) => {
      if (failWith) throw failWith;
      objects.set(key, body);
    },
    get: async (key) => objects.get(key) ?? "",
  };
  return { store, objects };
};

/** A JSON string body whose serialized form (the SQS body) is exactly `size` bytes. */
const bodyOf = (size: number): string => "x".repeat(size - 2);

const publish = (size: number, payloads?: PayloadStore) => {
  const sender = recordingSender();
  const payload = { body: bodyOf(size), groupId: "g", dedupId: "d-1" };
  const sent = publishMessage(
    { queue: queueTarget(), payload },
    { sender, payloads, newPayloadId: () => "p-1" },
  );
  return { sender, sent };
};

describe("publishing a message over SQS's 1 MiB", () => {
  it("sends a message of exactly 1 MiB inline and stores nothing", async () => {
    // Arrange
    const { store, objects } = memoryPayloads();
    // Act
    const { sender, sent } = publish(SQS_MAX_MESSAGE_BYTES, store);
    await sent;
    // Assert
    expect(objects.size).toBe(0);
    expect(sender.single[0]?.body).toBe(JSON.stringify(bodyOf(SQS_MAX_MESSAGE_BYTES)));
  });

  it("stores the body of 1 MiB + 1 under messages/<queue>/ and sends the carrier, dedup id and group unchanged", async () => {
    // Arrange
    const { store, objects } = memoryPayloads();
    const whole = JSON.stringify(bodyOf(SQS_MAX_MESSAGE_BYTES + 1));
    // Act
    const { sender, sent } = publish(SQS_MAX_MESSAGE_BYTES + 1, store);
    const result = await sent;
    // Assert
    expect(result).toMatchObject({ dedupId: "d-1", groupId: "g" });
    expect([...objects.keys()]).toEqual(["messages/orders/p-1"]);
    const [message] = sender.single;
    expect(message).toMatchObject({ dedupId: "d-1", groupId: "g" });
    expect(message?.sizeBytes).toBeLessThan(1000);
    expect(await checkOut(message?.body ?? "", store)).toBe(whole);
  });

  it("takes a message of exactly the API's limit and refuses the limit + 1 with 413, storing nothing", async () => {
    // Arrange
    const { store, objects } = memoryPayloads();
    // Act
    const atLimit = publish(PRODUCER_LIMITS.maxMessageBytes, store);
    await atLimit.sent;
    const over = publish(PRODUCER_LIMITS.maxMessageBytes + 1, store);
    // Assert
    await expect(over.sent).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(over.sender.single).toEqual([]);
    expect(objects.size).toBe(1);
  });

  it("refuses 1 MiB + 1 with 413 when there is no payload store", async () => {
    // Act
    const { sender, sent } = publish(SQS_MAX_MESSAGE_BYTES + 1);
    // Assert
    await expect(sent).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(sender.single).toEqual([]);
  });

  it("answers 503 and sends nothing when the payload store is unavailable", async () => {
    // Arrange
    const { store } = memoryPayloads(new PayloadStoreUnavailableError("throttled"));
    // Act
    const { sender, sent } = publish(SQS_MAX_MESSAGE_BYTES + 1, store);
    // Assert
    await expect(sent).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(sender.single).toEqual([]);
  });

  it("stores a large batch entry and sends its carrier beside the small ones, in order", async () => {
    // Arrange
    const { store, objects } = memoryPayloads();
    const sender = recordingSender();
    const big = bodyOf(2 * SQS_MAX_MESSAGE_BYTES);
    const messages = [
      { body: "small", groupId: "g", dedupId: "a" },
      { body: big, groupId: "g", dedupId: "b" },
    ];
    // Act
    const response = await publishBatch(
      { queue: queueTarget(), payload: { messages } },
      { sender, payloads: store, newPayloadId: () => "p-2" },
    );
    // Assert
    expect(response.results.map((entry) => entry.status)).toEqual(["accepted", "accepted"]);
    const sent = sender.batches.flat().map((entry) => entry.message);
    expect(sent.map((message) => message.dedupId)).toEqual(["a", "b"]);
    expect(sent[0]?.body).toBe('"small"');
    expect(await checkOut(sent[1]?.body ?? "", store)).toBe(JSON.stringify(big));
    expect([...objects.keys()]).toEqual(["messages/orders/p-2"]);
  });

  it("refuses a batch entry over the API's limit and sends and stores nothing", async () => {
    // Arrange
    const { store, objects } = memoryPayloads();
    const sender = recordingSender();
    const messages = [{ body: bodyOf(PRODUCER_LIMITS.maxMessageBytes + 1), groupId: "g", dedupId: "a" }];
    // Act
    const attempt = publishBatch(
      { queue: queueTarget(), payload: { messages } },
      { sender, payloads: store },
    );
    // Assert
    await expect(attempt).rejects.toMatchObject({ details: [{ index: 0, field: "body" }] });
    expect(sender.batches).toEqual([]);
    expect(objects.size).toBe(0);
  });
});
