import { describe, expect, it } from "vitest";
import { MessageParseError, PermanentError } from "../../../functions/core/consumer/errors";
import type { ConsumerMessage, UnparsedMessage } from "../../../functions/core/consumer/types";
import { sqsRecordFactory } from "../../factories/sqs";
import { consumerHarness, expectGroupHeldBehindA1, failedIds, fakeGuard } from "./fakes";

interface Step {
  readonly step: string;
  readonly permanent?: boolean;
}

const record = (groupId: string, step: string, extra: Partial<Step> = {}) =>
  sqsRecordFactory({ messageId: step, groupId, body: { step, ...extra } });

const strictParse = (body: unknown): Step => {
  if (typeof body !== "object" || body === null || !("step" in body) || typeof body.step !== "string") {
    throw new TypeError("step must be a string");
  }
  return { step: body.step, permanent: "permanent" in body && body.permanent === true };
};

const handle = async ({ body }: ConsumerMessage<Step>) => {
  if (body.permanent) throw new PermanentError(`cannot ever process ${body.step}`);
  return body.step;
};

describe("batch runner: dead letters", () => {
  it("dead-letters a PermanentError at once, acknowledges it and goes on with its group", async () => {
    // Arrange
    const ran: string[] = [];
    const harness = consumerHarness<Step, string>({
      handle: async (message) => {
        ran.push(message.body.step);
        return handle(message);
      },
    });
    const poison = sqsRecordFactory({
      messageId: "a2",
      groupId: "A",
      dedupId: "order-2",
      attempt: 1,
      attributes: { tenant: "acme" },
      body: { step: "a2", permanent: true },
    });

    // Act
    const response = await harness.run([record("A", "a1"), poison, record("A", "a3")]);

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(ran).toEqual(["a1", "a2", "a3"]);
    expect(harness.deadLetters.sent).toEqual([
      {
        queue: "orders",
        messageId: "a2",
        groupId: "A",
        dedupId: "order-2",
        body: poison.body,
        messageAttributes: poison.messageAttributes,
        receiveCount: 1,
        sentAt: new Date(Number(poison.attributes.SentTimestamp)),
        error: expect.any(PermanentError),
      },
    ]);
    expect(harness.outcomeOf("a2")).toMatchObject({
      outcome: "dead-lettered",
      error: { name: "PermanentError", message: "cannot ever process a2" },
    });
  });

  it.each([
    ["a body that is not JSON", "{not json"],
    ["a body that parse refuses", JSON.stringify({ step: 42 })],
  ])("dead-letters %s without running handle", async (_, rawBody) => {
    // Arrange
    const ran: string[] = [];
    const failures: [ConsumerMessage<Step> | UnparsedMessage, Error][] = [];
    const harness = consumerHarness<Step, string>({
      parse: strictParse,
      handle: async (message) => {
        ran.push(message.body.step);
        return message.body.step;
      },
      onFailure: (message, error) => void failures.push([message, error]),
    });
    const bad = sqsRecordFactory({ messageId: "a1", groupId: "A", rawBody });

    // Act
    const response = await harness.run([bad, record("A", "a2")]);

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(ran).toEqual(["a2"]);
    expect(harness.deadLetters.sent.map((letter) => [letter.messageId, letter.body])).toEqual([
      ["a1", rawBody],
    ]);
    expect(harness.outcomeOf("a1")).toMatchObject({
      outcome: "dead-lettered",
      error: { name: "MessageParseError" },
    });
    const [message, error] = failures[0] ?? [];
    expect(message).toMatchObject({ id: "a1", body: undefined, rawBody });
    expect(error).toBeInstanceOf(MessageParseError);
  });

  it("treats a failed dead-letter send as a normal failure: reported failed, rest of the group skipped", async () => {
    // Arrange
    const harness = consumerHarness<Step, string>(
      { handle },
      { deadLetterError: new Error("DLQ throttled") },
    );
    const records = [record("A", "a1", { permanent: true }), record("A", "a2"), record("B", "b1")];

    // Act
    const response = await harness.run(records);

    // Assert
    expect(failedIds(response)).toEqual(["a1", "a2"]);
    expectGroupHeldBehindA1(harness, {
      name: "DeadLetterSendError",
      message: "message a1: could not be sent to the dead-letter queue: DLQ throttled",
    });
  });

  it("tells the guard a dead-lettered record is dead-lettered, with its error", async () => {
    // Arrange
    const guard = fakeGuard();
    const harness = consumerHarness<Step, string>({ handle }, { guard });

    // Act
    await harness.run([record("A", "a1", { permanent: true })]);

    // Assert
    expect(guard.finishes[0]?.outcomes).toEqual([
      { messageId: "a1", status: "dead-lettered", error: expect.any(PermanentError) },
    ]);
  });
});
