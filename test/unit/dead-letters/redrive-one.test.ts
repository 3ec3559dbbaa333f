import { describe, expect, it } from "vitest";
import { discardDeadLetter } from "../../../functions/core/dead-letters/discard";
import {
  DeadLetterConflictError,
  DeadLetterNotFoundError,
} from "../../../functions/core/dead-letters/errors";
import { redriveOne } from "../../../functions/core/dead-letters/redrive-one";
import {
  createMemoryDeadLetterStore,
  createMemoryRedriveSender,
  deadLetterRecordFactory,
} from "../../factories/dead-letters";
import { createMemoryLogger } from "../../support/memory-logger";

const NOW = Date.parse("2026-03-02T00:00:00.000Z");

const setup = () => {
  const record = deadLetterRecordFactory({ id: "m-1" });
  const store = createMemoryDeadLetterStore([record]);
  const sender = createMemoryRedriveSender();
  return { store, sender, deps: { store, sender, logger: createMemoryLogger(), now: () => NOW } };
};

describe("redriveOne", () => {
  it("sends the message back and marks the record redriven with the new message id and time", async () => {
    // Arrange
    const { store, sender, deps } = setup();

    // Act
    const result = await redriveOne({ queue: "orders", id: "m-1" }, deps);

    // Assert
    expect(result).toEqual({ id: "m-1", status: "redriven", messageId: "sqs-1", sent: true });
    expect(sender.sent).toHaveLength(1);
    expect(store.records.get("m-1")).toMatchObject({
      status: "redriven",
      redrivenMessageId: "sqs-1",
      redrivenAt: "2026-03-02T00:00:00.000Z",
    });
  });

  it("does not send again when the record is already redriven, and reports the first message id", async () => {
    // Arrange
    const { sender, deps } = setup();
    const first = await redriveOne({ queue: "orders", id: "m-1" }, deps);

    // Act
    const second = await redriveOne({ queue: "orders", id: "m-1" }, deps);

    // Assert
    expect(second).toEqual({ ...first, sent: false });
    expect(sender.sent).toHaveLength(1);
  });

  it("reports the concurrent winner's message id when its mark lost the race", async () => {
    // Arrange: another call marks the record between this call's read and its mark
    const { store, deps } = setup();
    const markRedriven = store.markRedriven;
    store.markRedriven = async (queue, id, change) => {
      await markRedriven(queue, id, { messageId: "winner", at: change.at });
      return markRedriven(queue, id, change);
    };

    // Act
    const result = await redriveOne({ queue: "orders", id: "m-1" }, deps);

    // Assert
    expect(result).toEqual({ id: "m-1", status: "redriven", messageId: "winner", sent: false });
  });

  it("refuses a discarded record with 409 and an unknown id with 404", async () => {
    // Arrange
    const { sender, deps } = setup();
    await discardDeadLetter({ queue: "orders", id: "m-1" }, deps);

    // Act / Assert
    await expect(redriveOne({ queue: "orders", id: "m-1" }, deps)).rejects.toThrow(DeadLetterConflictError);
    await expect(redriveOne({ queue: "orders", id: "nope" }, deps)).rejects.toThrow(DeadLetterNotFoundError);
    expect(sender.sent).toHaveLength(0);
  });
});

describe("discardDeadLetter", () => {
  it("marks a new record discarded and is idempotent", async () => {
    // Arrange
    const { store, deps } = setup();

    // Act
    await discardDeadLetter({ queue: "orders", id: "m-1" }, deps);
    const again = await discardDeadLetter({ queue: "orders", id: "m-1" }, deps);

    // Assert
    expect(again).toMatchObject({ status: "discarded", discardedAt: "2026-03-02T00:00:00.000Z" });
    expect(store.records.get("m-1")?.status).toBe("discarded");
  });

  it("refuses to discard a redriven record with 409 DEAD_LETTER_CONFLICT", async () => {
    // Arrange
    const { deps } = setup();
    await redriveOne({ queue: "orders", id: "m-1" }, deps);

    // Act / Assert
    await expect(discardDeadLetter({ queue: "orders", id: "m-1" }, deps)).rejects.toMatchObject({
      status: 409,
      code: "DEAD_LETTER_CONFLICT",
    });
  });
});
