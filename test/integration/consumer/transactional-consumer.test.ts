import { randomUUID } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Logger } from "../../../functions/core/logging/logger";
import { buildConsumerDeps, createConsumer } from "../../../functions/runtime/internal";
import { lambdaContextFactory, sqsEventFactory, sqsRecordFactory } from "../../factories/sqs";
import { createEffectTable, readItem } from "../../support/effect-table";
import { createMemoryLogger } from "../../support/memory-logger";
import { countRequests, createIdempotencyTable } from "../idempotency/support";

interface Payment {
  readonly account: string;
  readonly amount: number;
  readonly staged: boolean;
}

/** The staged write both tests make: add the payment's amount to its account's balance in `table`. */
const addToBalance = (table: string, body: Payment) => ({
  TableName: table,
  Key: { pk: { S: body.account } },
  UpdateExpression: "ADD balance :amount",
  ExpressionAttributeValues: { ":amount": { N: String(body.amount) } },
});

/** Payment `n`: account `acct-<n>`, dedup id `pay-<n>`, its own group. */
const paymentRecord = (n: number, amount: number, staged: boolean) =>
  sqsRecordFactory({
    groupId: `acct-${n}`,
    dedupId: `pay-${n}`,
    body: { account: `acct-${n}`, amount, staged } satisfies Payment,
  });

describe("a consumer whose handle stages its writes (context.transaction, DynamoDB Local)", () => {
  let dynamo: DynamoDBClient;
  let table: string;
  const ledger = `fifoq-ledger-${randomUUID().slice(0, 8)}`;
  const sqs = new SQSClient({ region: "us-east-1", endpoint: "http://127.0.0.1:9" });

  beforeAll(async () => {
    ({ dynamo, table } = await createIdempotencyTable());
    await createEffectTable(dynamo, ledger);
  });
  afterAll(() => {
    dynamo.destroy();
    sqs.destroy();
  });

  /** The consumer's deps on the run's DynamoDB Local, with these effect tables. */
  const paymentDeps = (effectTables: readonly string[] | Record<string, string>, logger: Logger) =>
    buildConsumerDeps({
      queue: "payments",
      dlqUrl: "http://127.0.0.1:9/000000000000/payments-dlq.fifo",
      sqs,
      dynamo,
      idempotencyTable: table,
      idempotencyWindowSeconds: 3600,
      effectTables,
      logger,
    });

  const balance = async (account: string) =>
    Number((await readItem(dynamo, ledger, account))?.balance?.N ?? 0);

  it("applies a staged balance update once however often the batch is delivered, in 3 requests", async () => {
    // Arrange: one record stages its update, one does not stage anything
    const deps = paymentDeps([ledger], createMemoryLogger());
    const consumer = createConsumer<Payment, void>(
      {
        handle: async ({ body }, context) => {
          if (!body.staged) return;
          context.transaction.update(addToBalance(ledger, body));
        },
      },
      deps,
    );
    const records = [paymentRecord(1, 42, true), paymentRecord(2, 1, false)];
    const sent = countRequests(dynamo);

    // Act: delivered, then redelivered (a lost delete)
    const first = await consumer(sqsEventFactory(records), lambdaContextFactory());
    const requests = [...sent];
    const again = await consumer(sqsEventFactory(records), lambdaContextFactory());

    // Assert: the claim, the staged record's transaction, the other's batch commit; applied once
    expect([first.batchItemFailures, again.batchItemFailures]).toEqual([[], []]);
    expect(requests.sort()).toEqual([
      "BatchExecuteStatementCommand",
      "TransactWriteItemsCommand",
      "UpdateItemCommand",
    ]);
    expect(await balance("acct-1")).toBe(42);
  });

  it("writes to context.tables' name for a configured table, and a missing table fails the record naming it", async () => {
    // Arrange: "ledger" is the real table, "audit" maps to a table that was never created
    const missing = `fifoq-missing-${randomUUID().slice(0, 8)}`;
    const logger = createMemoryLogger();
    const deps = paymentDeps({ ledger, audit: missing }, logger);
    const consumer = createConsumer<Payment, void>(
      {
        handle: async ({ body }, context) => {
          const target = body.staged ? context.tables.ledger : context.tables.audit;
          context.transaction.update(addToBalance(target ?? "unset", body));
        },
      },
      deps,
    );
    const records = [paymentRecord(3, 7, true), paymentRecord(4, 1, false)];

    // Act
    const result = await consumer(sqsEventFactory(records), lambdaContextFactory());

    // Assert: the first applied through context.tables.ledger; the second failed, its outcome names the table
    expect(await balance("acct-3")).toBe(7);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: records[1]?.messageId }]);
    const outcome = logger.lines.find(
      (line) => line.message === "fifoq record outcome" && line.dedupId === "pay-4",
    );
    expect(outcome).toMatchObject({ outcome: "failed", error: { name: "CompletionUnrecordedError" } });
    expect(JSON.stringify(outcome)).toContain(missing);
    expect(JSON.stringify(outcome)).not.toContain("processed, but");
  });
});
