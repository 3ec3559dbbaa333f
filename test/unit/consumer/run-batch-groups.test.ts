import { describe, expect, it } from "vitest";
import type { ConsumerMessage } from "../../../functions/core/consumer/types";
import { sqsRecordFactory } from "../../factories/sqs";
import { consumerHarness, type Deferred, deferred, failedIds, flush } from "./fakes";

interface Step {
  readonly step: string;
}

/** Records in batch order, each named after its step; a step's letter is its group (`a2`: group A's second). */
const batch = (...steps: string[]) =>
  steps.map((step) =>
    sqsRecordFactory({ messageId: step, groupId: step.charAt(0).toUpperCase(), body: { step } }),
  );

describe("batch runner: groups", () => {
  it("runs the records of a group strictly in batch order, groups interleaved in one batch", async () => {
    // Arrange: real SQS hands one batch several messages per group, interleaved
    const calls: string[] = [];
    const harness = consumerHarness<Step, void>({
      handle: async (message) => {
        calls.push(`start ${message.body.step}`);
        await flush();
        calls.push(`end ${message.body.step}`);
      },
    });
    const records = batch("a1", "b1", "a2", "b2", "a3");

    // Act
    const response = await harness.run(records);

    // Assert: within a group, a record only starts after the previous one ended
    expect(response).toEqual({ batchItemFailures: [] });
    const of = (group: string) => calls.filter((call) => call.includes(` ${group}`));
    expect(of("a")).toEqual(["start a1", "end a1", "start a2", "end a2", "start a3", "end a3"]);
    expect(of("b")).toEqual(["start b1", "end b1", "start b2", "end b2"]);
  });

  it("runs different groups at the same time", async () => {
    // Arrange: each group's first handler waits on its own promise
    const gates = new Map<string, Deferred>([
      ["a1", deferred()],
      ["b1", deferred()],
      ["c1", deferred()],
    ]);
    const started: string[] = [];
    const harness = consumerHarness<Step, void>({
      handle: async ({ body }) => {
        started.push(body.step);
        await gates.get(body.step)?.promise;
      },
    });
    const records = batch("a1", "a2", "b1", "c1");

    // Act: start the batch, let it run until every handler is waiting
    const running = harness.run(records);
    await flush();

    // Assert: all three groups started before any finished; a2 waits for a1
    expect(started).toEqual(["a1", "b1", "c1"]);
    for (const gate of gates.values()) gate.resolve();
    const response = await running;
    expect(started).toEqual(["a1", "b1", "c1", "a2"]);
    expect(response.batchItemFailures).toEqual([]);
  });

  it("skips the rest of a failed group but lets the other groups go on", async () => {
    // Arrange
    const ran: string[] = [];
    const harness = consumerHarness<Step, void>({
      handle: async ({ body }) => {
        ran.push(body.step);
        if (body.step === "a2") throw new Error("downstream timeout");
      },
    });
    const records = batch("a1", "b1", "a2", "b2", "a3", "a4", "b3");

    // Act
    const response = await harness.run(records);

    // Assert: exact partial batch response, in batch order
    expect(ran).toEqual(["a1", "b1", "a2", "b2", "b3"]);
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: "a2" }, { itemIdentifier: "a3" }, { itemIdentifier: "a4" }],
    });
    expect(harness.outcomes().map((line) => [line.messageId, line.outcome, line.reason])).toEqual([
      ["a1", "processed", undefined],
      ["b1", "processed", undefined],
      ["a2", "failed", undefined],
      ["b2", "processed", undefined],
      ["a3", "skipped", "group-failed"],
      ["a4", "skipped", "group-failed"],
      ["b3", "processed", undefined],
    ]);
  });

  it("gives handle the parsed message with every envelope field", async () => {
    // Arrange
    const seen: ConsumerMessage<Step>[] = [];
    const harness = consumerHarness<Step, void>({ handle: async (message) => void seen.push(message) });
    const input = sqsRecordFactory({
      messageId: "m-1",
      groupId: "customer-42",
      dedupId: "order-9001",
      attempt: 3,
      sentAt: 1_700_000_000_000,
      attributes: { tenant: "acme" },
      body: { step: "s" },
    });

    // Act
    await harness.run([input]);

    // Assert
    expect(seen).toEqual([
      {
        id: "m-1",
        queue: "orders",
        groupId: "customer-42",
        dedupId: "order-9001",
        sequenceNumber: input.attributes.SequenceNumber,
        body: { step: "s" },
        attributes: { tenant: "acme" },
        attempt: 3,
        sentAt: new Date(1_700_000_000_000),
      },
    ]);
  });

  it("calls onSuccess with the result and onFailure with the error; a throw there changes nothing", async () => {
    // Arrange
    const events: string[] = [];
    const harness = consumerHarness<Step, string>({
      handle: async ({ body }) => {
        if (body.step === "b1") throw new Error("boom");
        return `done ${body.step}`;
      },
      onSuccess: async (message, result) => {
        events.push(`success ${message.id} ${result}`);
        throw new Error("metrics down");
      },
      onFailure: async (message, error) => {
        events.push(`failure ${message.id} ${error.message}`);
        throw new Error("alerting down");
      },
    });

    // Act
    const response = await harness.run(batch("a1", "b1"));

    // Assert
    expect(events).toEqual(["success a1 done a1", "failure b1 boom"]);
    expect(failedIds(response)).toEqual(["b1"]);
    expect(harness.outcomeOf("a1")?.outcome).toBe("processed");
    const warnings = harness.logger.lines.filter((line) => line.level === "warn" && "error" in line);
    expect(warnings.map((line) => line.message)).toContain(
      "onSuccess threw; the record's outcome is unchanged",
    );
    expect(warnings.map((line) => line.message)).toContain(
      "onFailure threw; the record's outcome is unchanged",
    );
  });

  it("turns a thrown non-Error into an Error and reports the record failed", async () => {
    // Arrange
    const harness = consumerHarness<Step, void>({
      handle: async () => {
        throw "plain string";
      },
    });

    // Act
    const response = await harness.run(batch("a1"));

    // Assert
    expect(failedIds(response)).toEqual(["a1"]);
    expect(harness.outcomeOf("a1")?.error).toEqual({
      name: "Error",
      message: "non-Error thrown: plain string",
    });
  });
});
