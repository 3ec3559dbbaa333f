import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import type { SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { createDynamoDbDeadLetterStore } from "../../../functions/adapters/dead-letters/dead-letter-store";
import { createDynamoDbFailureLog } from "../../../functions/adapters/dead-letters/failure-log";
import { createSqsRedriveSender } from "../../../functions/adapters/dead-letters/redrive-sender";
import { createApiHandler } from "../../../functions/api/create-api-handler";
import { deadLetterRoutes } from "../../../functions/api/dead-letter-routes";
import type { QueueRegistry } from "../../../functions/api/deps";
import { buildRedriveMessage } from "../../../functions/core/dead-letters/redrive-message";
import {
  buildConsumerDeps,
  type ConsumerDefinition,
  type ConsumerHandler,
  type ConsumerMessage,
  createConsumer,
  PermanentError,
  sqsMessageToRecord,
} from "../../../functions/runtime/internal";
import { apiEvent } from "../../factories/api-gateway";
import { lambdaContextFactory, sqsEventFactory, sqsRecordFactory } from "../../factories/sqs";
import { createMemoryLogger } from "../../support/memory-logger";
import { receiveMessages, stackRecorder, testQueueConfig, useTestStack } from "../../support/test-stack";

interface Order {
  readonly orderId: string;
  readonly amount: number;
}

/** The "cause" these tests fix: a dependency that is down until `fixed`. */
class PaymentServiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PaymentServiceError";
  }
}

/** A consumer whose effect is "charge the order once": `charged` holds the dedup ids it was applied for. */
const ordersConsumer = () => {
  const state = { fixed: false, charged: [] as string[], seen: [] as ConsumerMessage<Order>[] };
  const definition: ConsumerDefinition<Order, void> = {
    handle: async (message) => {
      state.seen.push(message);
      const { orderId, amount } = message.body;
      if (amount < 0) throw new PermanentError(`order ${orderId}: amount ${amount} must not be negative`);
      if (!state.fixed) throw new PaymentServiceError(`payment service down while charging ${orderId}`);
      state.charged.push(message.dedupId);
    },
  };
  return { state, definition };
};

/**
 * The real pieces by hand, as AWS runs them: fauxqs (maxReceiveCount 2, its own redrive to the DLQ), the
 * consumer runtime with the real DynamoDB adapters (idempotency + failure log), the dead-letter recorder on
 * the DLQ, and the dead-letter API routes for redrive.
 */
describe("dead-letter flow: consumer → DLQ → recorder → redrive (fauxqs + DynamoDB Local)", () => {
  const stack = useTestStack([
    testQueueConfig({
      maxReceiveCount: 2,
      functionTimeoutSeconds: 1,
      visibilityTimeoutSeconds: 6,
      idempotencyWindowSeconds: 3600,
    }),
  ]);
  const logger = createMemoryLogger();

  const queue = () => stack.queue("orders").provisioned;
  const store = () =>
    createDynamoDbDeadLetterStore({ dynamo: stack.dynamo, table: stack.tables.deadLetters });

  const consumerOf = (definition: ConsumerDefinition<Order, void>): ConsumerHandler =>
    createConsumer(
      definition,
      buildConsumerDeps({
        queue: "orders",
        dlqUrl: queue().dlqUrl,
        sqs: stack.sqs,
        dynamo: stack.dynamo,
        idempotencyTable: stack.tables.idempotency,
        idempotencyWindowSeconds: 3600,
        logger,
      }),
    );

  const send = async (body: Order, groupId: string, dedupId: string): Promise<string> => {
    const { MessageId } = await stack.sqs.send(
      new SendMessageCommand({
        QueueUrl: queue().url,
        MessageBody: JSON.stringify(body),
        MessageGroupId: groupId,
        MessageDeduplicationId: dedupId,
      }),
    );
    if (!MessageId) throw new Error("SendMessage returned no MessageId");
    return MessageId;
  };

  const receive = (url: string) => receiveMessages(stack.sqs, url);

  const entriesOf = (records: readonly SQSRecord[]) =>
    records.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle }));

  /**
   * One event-source-mapping poll: receive, invoke, delete the successes; reported failures are made visible
   * again at once (standing in for the visibility timeout running out). Returns the records received.
   */
  const pollOnce = async (consumer: ConsumerHandler): Promise<SQSRecord[]> => {
    const records = (await receive(queue().url)).map((m) => sqsMessageToRecord(m, { queueArn: queue().arn }));
    if (records.length === 0) return records;
    const response = await consumer({ Records: records }, lambdaContextFactory({ remainingMs: 10_000 }));
    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    const [retry, done] = [
      records.filter((r) => failed.has(r.messageId)),
      records.filter((r) => !failed.has(r.messageId)),
    ];
    if (done.length > 0)
      await stack.sqs.send(
        new DeleteMessageBatchCommand({ QueueUrl: queue().url, Entries: entriesOf(done) }),
      );
    if (retry.length > 0) {
      const Entries = entriesOf(retry).map((entry) => ({ ...entry, VisibilityTimeout: 0 }));
      await stack.sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queue().url, Entries }));
    }
    return records;
  };

  /** Polls until the source queue hands out nothing (fauxqs moves an exhausted message to the DLQ then). */
  const pollUntilEmpty = async (consumer: ConsumerHandler, maxPolls = 6): Promise<number> => {
    let polls = 0;
    while (polls < maxPolls && (await pollOnce(consumer)).length > 0) polls += 1;
    return polls;
  };

  /** The recorder's invocation on the DLQ; the recorded messages are deleted, as Lambda would. */
  const recordDeadLetters = async (): Promise<SQSRecord[]> => {
    const records = (await receive(queue().dlqUrl)).map((m) =>
      sqsMessageToRecord(m, { queueArn: queue().dlqArn }),
    );
    if (records.length === 0) return records;
    const recorder = stackRecorder(stack, logger);
    const response = await recorder(sqsEventFactory(records));
    expect(response.batchItemFailures).toEqual([]);
    await stack.sqs.send(
      new DeleteMessageBatchCommand({ QueueUrl: queue().dlqUrl, Entries: entriesOf(records) }),
    );
    return records;
  };

  const api = () => {
    const queues: QueueRegistry = {
      orders: { url: queue().url, dlqUrl: queue().dlqUrl, contentBasedDeduplication: false },
    };
    const deps = {
      sqs: stack.sqs,
      dynamo: stack.dynamo,
      queues,
      deadLetterTable: stack.tables.deadLetters,
      logger,
    };
    return createApiHandler(deps, { routes: (d) => deadLetterRoutes(d) });
  };
  const redrive = async (id: string) => {
    const result = await api()(
      apiEvent({ method: "POST", path: `/queues/orders/dead-letters/${id}/redrive` }),
    );
    return { status: result.statusCode, body: JSON.parse(result.body || "{}") as Record<string, unknown> };
  };

  /** Sends one order and lets it fail `maxReceiveCount` times until SQS dead-letters it; then records it. */
  const exhaust = async (consumer: ConsumerHandler, groupId: string, dedupId: string) => {
    const messageId = await send({ orderId: dedupId, amount: 10 }, groupId, dedupId);
    const polls = await pollUntilEmpty(consumer);
    const recorded = await recordDeadLetters();
    return { messageId, polls, recorded };
  };

  it("retries a handler error until maxReceiveCount, then records the dead letter with that error as lastError", async () => {
    // Arrange
    const { state, definition } = ordersConsumer();

    // Act
    const { messageId, polls, recorded } = await exhaust(consumerOf(definition), "customer-1", "order-1");

    // Assert
    expect(polls).toBe(2);
    expect(state.seen.map((m) => [m.id, m.attempt, m.dedupId])).toEqual([
      [messageId, 1, "order-1"],
      [messageId, 2, "order-1"],
    ]);
    expect(recorded).toHaveLength(1);
    expect(await store().get("orders", messageId)).toMatchObject({
      id: messageId,
      groupId: "customer-1",
      dedupId: "order-1",
      body: { orderId: "order-1", amount: 10 },
      receiveCount: 2,
      lastError: {
        name: "PaymentServiceError",
        message: "payment service down while charging order-1",
        at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      },
      status: "new",
    });
  });

  it("keeps the original dedup id of a record only skipped behind a failing one, once SQS moves both", async () => {
    // Arrange: one group as real SQS delivers it (fauxqs hands out one per group): a failing order, then a
    // healthy one behind it
    const { definition } = ordersConsumer();
    const failing = sqsRecordFactory({
      body: { orderId: "o-f", amount: 1 },
      groupId: "g-skip",
      dedupId: "order-f",
    });
    const behind = sqsRecordFactory({
      body: { orderId: "o-b", amount: 2 },
      groupId: "g-skip",
      dedupId: "order-b",
    });

    // Act: the batch fails the first and skips the second; later SQS moves both to the DLQ, replacing each
    // dedup id with the message id, and the recorder stores them
    const response = await consumerOf(definition)(
      sqsEventFactory([failing, behind]),
      lambdaContextFactory({ remainingMs: 5000 }),
    );
    const moved = [failing, behind].map((r) => ({
      ...r,
      eventSourceARN: queue().dlqArn,
      attributes: { ...r.attributes, MessageDeduplicationId: r.messageId },
    }));
    const recorder = stackRecorder(stack, logger);
    await recorder(sqsEventFactory(moved));

    // Assert: a redrive of the skipped one would be keyed by order-b, as a republish of order-b is
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([
      failing.messageId,
      behind.messageId,
    ]);
    expect(await store().get("orders", behind.messageId)).toMatchObject({
      dedupId: "order-b",
      lastError: {
        name: "RecordNotRunError",
        message: expect.stringContaining("earlier record of its group failed"),
      },
    });
    expect(await store().get("orders", failing.messageId)).toMatchObject({
      dedupId: "order-f",
      lastError: { name: "PaymentServiceError" },
    });
  });

  it("dead-letters a PermanentError on the first attempt, with its reason, under the original message id", async () => {
    // Arrange
    const { state, definition } = ordersConsumer();
    const messageId = await send({ orderId: "order-2", amount: -5 }, "customer-2", "order-2");

    // Act
    const polls = await pollUntilEmpty(consumerOf(definition));
    const recorded = await recordDeadLetters();

    // Assert
    expect(polls).toBe(1);
    expect(state.seen.map((m) => m.attempt)).toEqual([1]);
    expect(recorded.map((r) => r.messageId)).not.toContain(messageId);
    expect(await store().get("orders", messageId)).toMatchObject({
      id: messageId,
      groupId: "customer-2",
      dedupId: "order-2",
      receiveCount: 1,
      lastError: { name: "PermanentError", message: "order order-2: amount -5 must not be negative" },
      status: "new",
    });
  });

  it("redriven after the fix, applies the effect once; redriving again or a late copy applies nothing twice", async () => {
    // Arrange: a dead letter of a consumer whose dependency was down
    const { state, definition } = ordersConsumer();
    const consumer = consumerOf(definition);
    const { messageId } = await exhaust(consumer, "customer-3", "order-3");
    state.fixed = true;
    state.seen.length = 0;

    // Act: redrive, and let the fixed consumer run
    const first = await redrive(messageId);
    const delivered = await pollOnce(consumer);

    // Assert: handle ran once, with the original dedup id, and the effect was applied once
    expect(first).toEqual({
      status: 202,
      body: { id: messageId, status: "redriven", messageId: expect.any(String) },
    });
    expect(delivered.map((r) => r.messageId)).toEqual([first.body.messageId]);
    expect(state.seen.map((m) => [m.dedupId, m.attributes])).toEqual([["order-3", {}]]);
    expect(state.charged).toEqual(["order-3"]);
    expect(await store().get("orders", messageId)).toMatchObject({
      status: "redriven",
      redrivenMessageId: first.body.messageId,
    });
    const failureLog = createDynamoDbFailureLog({ dynamo: stack.dynamo, table: stack.tables.idempotency });
    expect(await failureLog.lookup("orders", String(first.body.messageId))).toBeUndefined();

    // Act: the same dead letter redriven again
    const second = await redrive(messageId);
    const again = await pollUntilEmpty(consumer);

    // Assert: nothing was sent again
    expect(second).toEqual(first);
    expect(again).toBe(0);

    // Act: a copy SQS would not deduplicate (a resend past its 5-minute window) reaches the queue anyway
    const record = await store().get("orders", messageId);
    if (!record) throw new Error("dead letter disappeared");
    const copy = { ...buildRedriveMessage(record), deduplicationId: "fifoq-redrive-late-copy" };
    const sender = createSqsRedriveSender({ sqs: stack.sqs, queueUrl: () => queue().url });
    const { messageId: copyId } = await sender.send(copy);
    await pollUntilEmpty(consumer);

    // Assert: acknowledged as a duplicate through the carrier header's original dedup id; handle did not run, nothing charged twice
    expect(state.seen).toHaveLength(1);
    expect(state.charged).toEqual(["order-3"]);
    const outcome = logger.lines.find(
      (line) => line.message === "fifoq record outcome" && line.messageId === copyId,
    );
    expect(outcome).toMatchObject({ outcome: "duplicate", dedupId: "order-3" });
  });
});
