import { describe, expect, it } from "vitest";
import type { ConsumerDefinition, HandlerContext } from "../../../functions/core/consumer/types";
import { sqsRecordFactory } from "../../factories/sqs";
import { useFakeClock } from "../../support/fake-clock";
import { consumerHarness, expectGroupHeldBehindA1, failedIds, fakeGuard } from "./fakes";

interface Step {
  readonly step: string;
  readonly table?: string;
  readonly fail?: boolean;
}

const record = (groupId: string, step: string, extra: Partial<Step> = {}) =>
  sqsRecordFactory({ messageId: step, groupId, dedupId: `dedup-${step}`, body: { step, ...extra } });

const stagePut = (context: HandlerContext, table: string, step: string) =>
  context.transaction.put({
    TableName: table,
    Item: { pk: { S: step }, amount: { N: "42" } },
    ConditionExpression: "attribute_not_exists(pk)",
  });

/** Stages one Put on `body.table` (default `ledger`), then throws when `body.fail`. */
const staging = (events: string[] = []): ConsumerDefinition<Step, void> => ({
  handle: async ({ body }, context) => {
    events.push(`handle ${body.step}`);
    stagePut(context, body.table ?? "ledger", body.step);
    if (body.fail) throw new Error("boom after staging");
  },
  onFailure: async ({ id }, error) => void events.push(`onFailure ${id} ${error.name}`),
});

describe("batch runner: staged writes (context.transaction)", () => {
  useFakeClock();

  it("commits a record's staged writes in one transaction with it, and the record's group waits for it", async () => {
    // Arrange
    const events: string[] = [];
    const guard = fakeGuard();
    const harness = consumerHarness(staging(events), { guard, effectTables: ["ledger"] });

    // Act
    const response = await harness.run([record("A", "a1"), record("A", "a2")]);

    // Assert
    expect(failedIds(response)).toEqual([]);
    expect(guard.transactions).toEqual([
      {
        messageId: "a1",
        writes: [
          {
            Put: {
              TableName: "ledger",
              Item: { pk: { S: "a1" }, amount: { N: "42" } },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
      },
      expect.objectContaining({ messageId: "a2" }),
    ]);
    expect(guard.commits).toEqual(["commit a1 (1 writes)", "commit a2 (1 writes)"]);
    expect(events).toEqual(["handle a1", "handle a2"]);
    expect(harness.outcomeOf("a1")?.outcome).toBe("processed");
  });

  it("keeps a record without staged writes on the batch commit", async () => {
    // Arrange
    const guard = fakeGuard();
    const harness = consumerHarness<Step, void>({ handle: async () => undefined }, { guard });

    // Act
    await harness.run([record("A", "a1")]);

    // Assert
    expect(guard.commits).toEqual(["succeeded a1"]);
    expect(guard.transactions).toEqual([]);
  });

  it("fails only the record whose staged condition failed, retryable, and holds its group", async () => {
    // Arrange
    const events: string[] = [];
    const guard = fakeGuard({
      transaction: (id) => (id === "a1" ? { kind: "condition-failed", index: 0 } : { kind: "recorded" }),
    });
    const harness = consumerHarness(staging(events), { guard, effectTables: ["ledger"] });

    // Act
    const response = await harness.run([record("A", "a1"), record("A", "a2"), record("B", "b1")]);

    // Assert
    expect(failedIds(response)).toEqual(["a1", "a2"]);
    expect(harness.deadLetters.sent).toEqual([]);
    expectGroupHeldBehindA1(harness, {
      name: "TransactionConditionError",
      message: 'message a1: the condition of staged write 0 (Put on "ledger") failed; nothing was applied',
    });
    expect(events).toContain("onFailure a1 TransactionConditionError");
  });

  it("reports a record failed when its transaction was not recorded", async () => {
    // Arrange: the guard cannot record the transaction
    const guard = fakeGuard({ transaction: () => ({ kind: "unrecorded", error: new Error("taken over") }) });
    const harness = consumerHarness(staging(), { guard, effectTables: ["ledger"] });

    // Act
    const response = await harness.run([record("A", "a1")]);

    // Assert
    expect(failedIds(response)).toEqual(["a1"]);
    expect(harness.outcomeOf("a1")?.error).toMatchObject({ name: "CompletionUnrecordedError" });
  });

  it("discards the staged writes of a handle that throws", async () => {
    // Arrange
    const guard = fakeGuard();
    const harness = consumerHarness(staging(), { guard, effectTables: ["ledger"] });

    // Act
    const response = await harness.run([record("A", "a1", { fail: true })]);

    // Assert
    expect(failedIds(response)).toEqual(["a1"]);
    expect(guard.transactions).toEqual([]);
    expect(guard.commits).toEqual([]);
  });

  it("dead-letters at once a record that stages a write on a table the queue does not grant", async () => {
    // Arrange
    const guard = fakeGuard();
    const harness = consumerHarness(staging(), { guard, effectTables: ["ledger", "stock"] });

    // Act
    const response = await harness.run([record("A", "a1", { table: "users" })]);

    // Assert
    expect(failedIds(response)).toEqual([]);
    expect(guard.transactions).toEqual([]);
    expect(harness.deadLetters.sent.map((letter) => letter.messageId)).toEqual(["a1"]);
    expect(harness.outcomeOf("a1")).toMatchObject({
      outcome: "dead-lettered",
      error: {
        name: "TransactionRefusedError",
        message:
          'message a1: table "users" is not in the queue\'s effectTables ("ledger", "stock"; context.tables maps each configured name to it)',
      },
    });
  });

  it("refuses staged writes when idempotency is off: there is no completion to commit them with", async () => {
    // Arrange
    const harness = consumerHarness(staging(), { effectTables: ["ledger"] });

    // Act
    await harness.run([record("A", "a1")]);

    // Assert
    expect(harness.outcomeOf("a1")).toMatchObject({
      outcome: "dead-lettered",
      error: { name: "TransactionRefusedError", message: expect.stringContaining("idempotency is off") },
    });
  });

  it("refuses a write staged after handle returned (a stray promise)", async () => {
    // Arrange
    let kept: HandlerContext | undefined;
    const guard = fakeGuard();
    const harness = consumerHarness<Step, void>(
      {
        handle: async (_message, context) => {
          kept = context;
        },
      },
      { guard, effectTables: ["ledger"] },
    );
    await harness.run([record("A", "a1")]);

    // Act
    const late = () => (kept ? stagePut(kept, "ledger", "late") : undefined);

    // Assert
    expect(late).toThrow(/staged after handle returned/);
    expect(guard.transactions).toEqual([]);
  });
});
