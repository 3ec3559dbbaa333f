import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import { failureKey } from "../../functions/adapters/dead-letters/failure-writer";
import { claimKey, commitKey } from "../../functions/core/idempotency/keys";

/*
 * Each function's DynamoDB actions, derived from the commands its code sends (and nothing else). Notes that
 * hold for all of them: a `ConditionExpression`, `ConsistentRead` or `ReturnValues*` needs no extra action;
 * `BatchExecuteStatement` is authorised per statement by the PartiQL action of its verb, not by an action of
 * its own; the tables have no streams and use the AWS-managed key, so no stream or KMS actions.
 */

/**
 * The consumer on the idempotency table:
 * - `functions/adapters/dynamodb/idempotency-store.ts` sends only `BatchExecuteStatement`
 *   (`batch-requests.ts`): claims and commits are PartiQL `INSERT`, take-overs `UPDATE`, reads `SELECT`:
 *   PartiQLInsert, PartiQLUpdate, PartiQLSelect.
 * - `functions/adapters/dead-letters/failure-log.ts` `record` writes the failure log with `BatchWriteItem`: the
 *   `FailureLog` port (`functions/core/dead-letters/failure-log.ts`) the runtime records a failed batch's
 *   reasons through, the dead letter's `lastError`. It is needed even when idempotency is off.
 */
export const CONSUMER_IDEMPOTENCY_ACTIONS = [
  "dynamodb:BatchWriteItem",
  "dynamodb:PartiQLInsert",
  "dynamodb:PartiQLSelect",
  "dynamodb:PartiQLUpdate",
] as const;

/**
 * The dead-letter recorder (`functions/core/dead-letters/recorder.ts`) on the idempotency table: the failure
 * log's `lookup` (`functions/adapters/dead-letters/failure-log.ts`) is one `GetItem`.
 */
export const RECORDER_FAILURE_LOG_ACTIONS = ["dynamodb:GetItem"] as const;

/**
 * The recorder on the dead-letter table: it only calls the store's `putIfAbsent`, a conditional `PutItem`
 * (`functions/adapters/dead-letters/dead-letter-store.ts`).
 */
export const RECORDER_DEAD_LETTER_ACTIONS = ["dynamodb:PutItem"] as const;

/**
 * The API function on the dead-letter table (`functions/adapters/dead-letters/dead-letter-store.ts`): `get`
 * and a refused transition's re-read are `GetItem`; redrive and discard are a conditional `UpdateItem`
 * (discard marks the record, it deletes nothing); `countNew` (`GET /queues`) is a `Query` on the table.
 */
export const API_DEAD_LETTER_TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:Query",
  "dynamodb:UpdateItem",
] as const;

/** The API function on the `byTime` index: listing is a `Query` (`functions/adapters/dead-letters/dead-letter-query.ts`). */
export const API_DEAD_LETTER_INDEX_ACTIONS = ["dynamodb:Query"] as const;

/** The ARN of one secondary index of a table. */
export const indexArn = (table: dynamodb.ITable, indexName: string): string =>
  `${table.tableArn}/index/${indexName}`;

/**
 * `dynamodb:LeadingKeys` restricted to partition keys matching `patterns` (`*` and `?` are wildcards). Every
 * single-item read or write names its partition key, so the set is never empty.
 */
export const leadingKeysLike = (...patterns: string[]): Record<string, Record<string, unknown>> => ({
  "ForAllValues:StringLike": { "dynamodb:LeadingKeys": patterns },
});

/**
 * A consumer's own items in the shared idempotency table: its claims (`c#<queue>#…`), its batches' commits
 * (`b#<queue>#…`) and its failure log (`f#<queue>#…`). Queue names hold no `#`, so `c#orders#*` never
 * matches queue `orders-eu`'s claims. `dynamodb:LeadingKeys` is evaluated per item for the PartiQL actions
 * (each statement names its partition key) and for every item of a `BatchWriteItem` or `TransactWriteItems`.
 */
export const consumerKeyConditions = (queue: string) =>
  leadingKeysLike(claimKey(queue, "*"), commitKey(queue, "*"), failureKey(queue, "*"));

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
