import { claimKey, commitKey } from "../core/idempotency/store-port";
import { failureKey } from "./dead-letters/failure-writer";
import type { IamCall } from "./iam-call-types";
import { TIME_CALLS } from "./iam-calls-time";

/*
 * Every AWS API call fifoq's functions make, as IAM sees it: the action, the resource it hits and the condition
 * keys the request carries. It is written from the adapters' code (each entry names its file and SDK command)
 * and read by the IAM simulation test (`test/infra/iam-simulation.test.ts`), which evaluates each entry against
 * the function's synthesized role policy; a test also scans the adapters, so a command or PartiQL statement
 * added without an entry here fails. No AWS SDK here: the list is data.
 */

const IDEMPOTENCY = "functions/adapters/dynamodb/idempotency-store.ts";
const COMMITS = "functions/adapters/dynamodb/idempotency-commits.ts";
const DEAD_LETTER_TRANSACTIONS = "functions/adapters/dead-letters/dynamo-context.ts";
const PAYLOADS = "functions/adapters/s3/payload-store.ts";

/** One example of each key kind a consumer writes in the idempotency table. */
const claim = (queue: string) => [claimKey(queue, "messageGroup", { groupId: "g-1", dedupId: "d-1" })];
const ownKey = (queue: string) => [queue];

const consumerCalls: readonly IamCall[] = [
  ...(["INSERT", "UPDATE", "SELECT"] as const).map(
    (statement): IamCall => ({
      fn: "consumer",
      adapter: IDEMPOTENCY,
      command: "BatchExecuteStatementCommand",
      statement,
      action: `dynamodb:PartiQL${statement[0]}${statement.slice(1).toLowerCase()}`,
      resource: "idempotency-table",
      leadingKeys: claim,
    }),
  ),
  {
    fn: "consumer",
    adapter: IDEMPOTENCY,
    command: "BatchExecuteStatementCommand",
    statement: "SELECT",
    action: "dynamodb:PartiQLSelect",
    resource: "idempotency-table",
    leadingKeys: (queue) => [commitKey(queue, "batch-1")],
  },
  {
    fn: "consumer",
    adapter: COMMITS,
    command: "UpdateItemCommand",
    action: "dynamodb:UpdateItem",
    resource: "idempotency-table",
    leadingKeys: (queue) => [commitKey(queue, "batch-1")],
  },
  // A record's completion, the `Update` of its claim inside the TransactWriteItems of its staged writes.
  {
    fn: "consumer",
    adapter: COMMITS,
    command: "TransactWriteItemsCommand",
    action: "dynamodb:UpdateItem",
    resource: "idempotency-table",
    leadingKeys: claim,
  },
  ...["PutItem", "UpdateItem", "DeleteItem", "ConditionCheckItem"].map(
    (operation): IamCall => ({
      fn: "consumer",
      adapter: COMMITS,
      command: "TransactWriteItemsCommand",
      action: `dynamodb:${operation}`,
      resource: "effect-table",
      when: "effect-tables",
    }),
  ),
  {
    fn: "consumer",
    adapter: "functions/adapters/dead-letters/failure-writer.ts",
    command: "BatchWriteItemCommand",
    action: "dynamodb:BatchWriteItem",
    resource: "idempotency-table",
    leadingKeys: (queue) => [failureKey(queue, "message-1")],
  },
  {
    fn: "consumer",
    adapter: PAYLOADS,
    command: "GetObjectCommand",
    action: "s3:GetObject",
    resource: "message-payload",
  },
  {
    fn: "consumer",
    adapter: "functions/adapters/sqs/dead-letter-queue.ts",
    command: "SendMessageCommand",
    action: "sqs:SendMessage",
    resource: "dead-letter-queue",
  },
  {
    fn: "consumer",
    adapter: "functions/adapters/sqs/visibility-changer.ts",
    command: "ChangeMessageVisibilityBatchCommand",
    action: "sqs:ChangeMessageVisibility",
    resource: "queue",
    when: "retry",
  },
];

const recorderCalls: readonly IamCall[] = [
  {
    fn: "recorder",
    adapter: "functions/adapters/dead-letters/failure-log.ts",
    command: "GetItemCommand",
    action: "dynamodb:GetItem",
    resource: "idempotency-table",
    leadingKeys: (queue) => [failureKey(queue, "message-1")],
  },
  // putIfAbsent: one transaction of the record's conditional Put and its queue's count Update.
  ...["PutItem", "UpdateItem"].map(
    (operation): IamCall => ({
      fn: "recorder",
      adapter: DEAD_LETTER_TRANSACTIONS,
      command: "TransactWriteItemsCommand",
      action: `dynamodb:${operation}`,
      resource: "dead-letter-table",
      leadingKeys: ownKey,
    }),
  ),
  // A claim-checked body read back; a record over 400 KB kept (and read back) in the payload bucket.
  {
    fn: "recorder",
    adapter: PAYLOADS,
    command: "GetObjectCommand",
    action: "s3:GetObject",
    resource: "message-payload",
  },
  ...(["GetObjectCommand", "PutObjectCommand"] as const).map(
    (command): IamCall => ({
      fn: "recorder",
      adapter: PAYLOADS,
      command,
      action: `s3:${command.replace(/Command$/, "")}`,
      resource: "dead-letter-payload",
    }),
  ),
];

const apiCalls: readonly IamCall[] = [
  ...(["SendMessageCommand", "SendMessageBatchCommand"] as const).map(
    (command): IamCall => ({
      fn: "api",
      adapter: "functions/adapters/sqs/message-sender.ts",
      command,
      action: "sqs:SendMessage",
      resource: "queue",
    }),
  ),
  ...(["queue", "dead-letter-queue"] as const).map(
    (resource): IamCall => ({
      fn: "api",
      adapter: "functions/adapters/sqs/queue-stats.ts",
      command: "GetQueueAttributesCommand",
      action: "sqs:GetQueueAttributes",
      resource,
    }),
  ),
  {
    fn: "api",
    adapter: "functions/adapters/dead-letters/redrive-sender.ts",
    command: "SendMessageCommand",
    action: "sqs:SendMessage",
    resource: "queue",
  },
  {
    fn: "api",
    adapter: "functions/adapters/dead-letters/dead-letter-transitions.ts",
    command: "GetItemCommand",
    action: "dynamodb:GetItem",
    resource: "dead-letter-table",
    leadingKeys: ownKey,
  },
  // Redrive's claim and mark, and discard: transactions of the record's and its queue's count's Update.
  {
    fn: "api",
    adapter: DEAD_LETTER_TRANSACTIONS,
    command: "TransactWriteItemsCommand",
    action: "dynamodb:UpdateItem",
    resource: "dead-letter-table",
    leadingKeys: ownKey,
  },
  {
    fn: "api",
    adapter: "functions/adapters/dead-letters/new-counts.ts",
    command: "BatchGetItemCommand",
    action: "dynamodb:BatchGetItem",
    resource: "dead-letter-table",
    leadingKeys: ownKey,
  },
  // A redrive's body checked in; a dead letter kept in the payload bucket read back.
  {
    fn: "api",
    adapter: PAYLOADS,
    command: "PutObjectCommand",
    action: "s3:PutObject",
    resource: "message-payload",
  },
  {
    fn: "api",
    adapter: PAYLOADS,
    command: "GetObjectCommand",
    action: "s3:GetObject",
    resource: "dead-letter-payload",
  },
  {
    fn: "api",
    adapter: "functions/adapters/dead-letters/dead-letter-query.ts",
    command: "QueryCommand",
    action: "dynamodb:Query",
    resource: "dead-letter-index",
    leadingKeys: ownKey,
  },
];

/**
 * The status route (`functions/adapters/status/status-sources.ts`): a claim and its batch's commit through the
 * idempotency store's PartiQL SELECT, and a message's latest dead letter through `byDedup` (the scheduled
 * holder's two GetItems are the scheduled create's, in `TIME_CALLS`).
 */
const statusCalls: readonly IamCall[] = [
  ...[claim, (queue: string) => [commitKey(queue, "batch-1")]].map(
    (leadingKeys): IamCall => ({
      fn: "api",
      adapter: IDEMPOTENCY,
      command: "BatchExecuteStatementCommand",
      statement: "SELECT",
      action: "dynamodb:PartiQLSelect",
      resource: "idempotency-table",
      leadingKeys,
    }),
  ),
  {
    fn: "api",
    adapter: "functions/adapters/dead-letters/dead-letter-by-dedup.ts",
    command: "QueryCommand",
    action: "dynamodb:Query",
    resource: "dead-letter-dedup-index",
    leadingKeys: ownKey,
  },
];

/** THE list of the functions' AWS calls. */
export const IAM_CALLS: readonly IamCall[] = [
  ...apiCalls,
  ...TIME_CALLS,
  ...statusCalls,
  ...consumerCalls,
  ...recorderCalls,
];
