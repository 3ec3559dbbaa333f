import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import { failureKey } from "../../functions/adapters/dead-letters/failure-writer";
import { claimKeyPrefix, commitKey } from "../../functions/core/idempotency/store-port";
import { DEAD_LETTER_TABLE } from "../../functions/core/tables";

/*
 * Each function's DynamoDB actions, derived from the commands its code sends (and nothing else). Notes that
 * hold for all of them: a `ConditionExpression`, `ConsistentRead` or `ReturnValues*` needs no extra action;
 * `BatchExecuteStatement` is authorised per statement by the PartiQL action of its verb, not by an action of
 * its own; the tables have no streams and use the AWS-managed key, so no stream or KMS actions.
 */

/**
 * The consumer on the idempotency table:
 * - `functions/adapters/dynamodb/idempotency-store.ts` sends `BatchExecuteStatement` for claims (PartiQL
 *   `INSERT`), take-overs (`UPDATE`) and reads (`SELECT`): PartiQLInsert, PartiQLUpdate, PartiQLSelect.
 * - `functions/adapters/dynamodb/idempotency-commits.ts` writes a batch's commit and a taker-over's abort with
 *   a conditional `UpdateItem`, and a record's completion inside its staged writes' `TransactWriteItems` is an
 *   `Update` of its claim: UpdateItem (a transaction is authorised per action, it has no action of its own).
 * - `functions/adapters/dead-letters/failure-log.ts` `record` writes the failure log with `BatchWriteItem`: the
 *   `FailureLog` port (`functions/core/dead-letters/failure-log.ts`) the runtime records a failed batch's
 *   reasons through, the dead letter's `lastError`. It is needed even when idempotency is off.
 */
export const CONSUMER_IDEMPOTENCY_ACTIONS = [
  "dynamodb:BatchWriteItem",
  "dynamodb:PartiQLInsert",
  "dynamodb:PartiQLSelect",
  "dynamodb:PartiQLUpdate",
  "dynamodb:UpdateItem",
] as const;

/**
 * The consumer on each of its queue's `effectTables`: the staged writes of `context.transaction`
 * (`functions/core/consumer/transaction.ts`), sent as the Put, Update, Delete and ConditionCheck actions of
 * one `TransactWriteItems` (`idempotency-commits.ts`).
 */
export const CONSUMER_EFFECT_TABLE_ACTIONS = [
  "dynamodb:ConditionCheckItem",
  "dynamodb:DeleteItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
] as const;

/**
 * The dead-letter recorder (`functions/core/dead-letters/recorder.ts`) on the idempotency table: the failure
 * log's `lookup` (`functions/adapters/dead-letters/failure-log.ts`) is one `GetItem`.
 */
export const RECORDER_FAILURE_LOG_ACTIONS = ["dynamodb:GetItem"] as const;

/**
 * The recorder on the dead-letter table: it only calls the store's `putIfAbsent`, one TransactWriteItems of a
 * conditional `PutItem` and the `UpdateItem` of the queue's count of new records
 * (`functions/adapters/dead-letters/dead-letter-store.ts`; a transaction is authorized action by action).
 */
export const RECORDER_DEAD_LETTER_ACTIONS = ["dynamodb:PutItem", "dynamodb:UpdateItem"] as const;

/**
 * The API function on the dead-letter table (`functions/adapters/dead-letters/dead-letter-transitions.ts`):
 * `get` and a transition's reads are `GetItem`; redrive's claim and mark and discard are TransactWriteItems of
 * conditional `UpdateItem`s (the record and its queue's count; discard marks, it deletes nothing); `countNew`
 * (`GET /queues`) is one `BatchGetItem` of the count items (`new-counts.ts`), never a read of the records.
 */
export const API_DEAD_LETTER_TABLE_ACTIONS = [
  "dynamodb:BatchGetItem",
  "dynamodb:GetItem",
  "dynamodb:UpdateItem",
] as const;

/** The API function on the `byTime` index: listing is a `Query` (`functions/adapters/dead-letters/dead-letter-query.ts`). */
export const API_DEAD_LETTER_INDEX_ACTIONS = ["dynamodb:Query"] as const;

/** The ARN of one secondary index of a table. */
export const indexArn = (table: dynamodb.ITable, indexName: string): string =>
  `${table.tableArn}/index/${indexName}`;

/**
 * `dynamodb:LeadingKeys` restricted to partition keys matching `patterns` (`*` and `?` are wildcards), and
 * present: `ForAllValues` of no keys holds, so without `Null` a request that names no key (a PartiQL `SELECT`
 * without `"pk" = ?` is a scan) would be allowed every item. Every call fifoq makes names its partition key.
 */
export const leadingKeysLike = (...patterns: string[]): Record<string, Record<string, unknown>> => ({
  "ForAllValues:StringLike": { "dynamodb:LeadingKeys": patterns },
  Null: { "dynamodb:LeadingKeys": "false" },
});

/**
 * A consumer's own items in the shared idempotency table: its claims (`c#<queue>#…`), its batches' commits
 * (`b#<queue>#…`) and its failure log (`f#<queue>#…`). Queue names hold no `#`, so `c#orders#*` never
 * matches queue `orders-eu`'s claims. A `BatchExecuteStatement` is authorised per statement by its PartiQL
 * action and a `TransactWriteItems` per item by the item's action (UpdateItem here), so the condition applies
 * to each statement or item; `ForAllValues` holds for a request that names no key, which no fifoq call is.
 */
export const consumerKeyConditions = (queue: string) =>
  leadingKeysLike(`${claimKeyPrefix(queue)}*`, commitKey(queue, "*"), failureKey(queue, "*"));

export interface TableActionsGrant {
  readonly grantee: iam.IGrantable;
  readonly actions: readonly string[];
  readonly resourceArns: readonly string[];
  /** @default no conditions */
  readonly conditions?: Record<string, Record<string, unknown>>;
}

/** Allows exactly `actions` on exactly `resourceArns`, in the grantee's own policy. */
export const grantTableActions = (grant: TableActionsGrant): iam.Grant =>
  iam.Grant.addToPrincipal({
    grantee: grant.grantee,
    actions: [...grant.actions],
    resourceArns: [...grant.resourceArns],
    ...(grant.conditions ? { conditions: grant.conditions } : {}),
  });

export interface TableAndIndexGrant {
  readonly grantee: iam.IGrantable;
  readonly table: dynamodb.ITable;
  readonly tableActions: readonly string[];
  readonly indexName: string;
  readonly indexActions: readonly string[];
}

/** Allows `tableActions` on the table and `indexActions` on one of its indexes, and nothing else. */
export const grantTableAndIndex = (grant: TableAndIndexGrant): void => {
  grantTableActions({
    grantee: grant.grantee,
    actions: grant.tableActions,
    resourceArns: [grant.table.tableArn],
  });
  grantTableActions({
    grantee: grant.grantee,
    actions: grant.indexActions,
    resourceArns: [indexArn(grant.table, grant.indexName)],
  });
};

/**
 * The status route (`functions/adapters/status/status-sources.ts`): a `Query` on the dead-letter table's
 * `byDedup` index and, with the idempotency table, PartiQL `SELECT`s of claims (`c#…`) and commits (`b#…`)
 * only — never the failure log (`f#…`) and no write.
 */
export const grantStatusReads = (
  grantee: iam.IGrantable,
  deadLetterTable: dynamodb.ITable,
  idempotencyTable: dynamodb.ITable | undefined,
): void => {
  grantTableActions({
    grantee,
    actions: API_DEAD_LETTER_INDEX_ACTIONS,
    resourceArns: [indexArn(deadLetterTable, DEAD_LETTER_TABLE.byDedupIndex.name)],
  });
  if (!idempotencyTable) return;
  grantTableActions({
    grantee,
    actions: ["dynamodb:PartiQLSelect"],
    resourceArns: [idempotencyTable.tableArn],
    conditions: leadingKeysLike("c#*", "b#*"),
  });
};
