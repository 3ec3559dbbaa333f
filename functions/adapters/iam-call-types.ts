/*
 * The shape of `IAM_CALLS` (`iam-calls.ts`): one AWS API call of a fifoq function, as IAM sees it. No AWS SDK
 * here: the list is data.
 */

/**
 * The functions of a deployment: the API, the release function (delayed messages and cron ticks), and per
 * queue its consumer and its dead-letter recorder.
 */
export type FunctionKind = "api" | "consumer" | "recorder" | "release";

/**
 * What a call hits. `queue`/`dead-letter-queue`: the consumer's and recorder's own queue's, every configured
 * queue's for the API. `effect-table`: each of the queue's `effectTables`.
 */
export type ResourceKind =
  | "queue"
  | "dead-letter-queue"
  | "idempotency-table"
  | "dead-letter-table"
  | "dead-letter-index"
  /** The dead-letter table's `byDedup` index (the status route). */
  | "dead-letter-dedup-index"
  | "effect-table"
  /** An object of the payload bucket under `messages/<queue>/` (claim-checked bodies). */
  | "message-payload"
  /** An object of the payload bucket under `dead-letters/<queue>/` (dead letters over 400 KB). */
  | "dead-letter-payload"
  | "scheduled-table"
  /** The scheduled table's `byGroupDue` index (a group's due messages). */
  | "scheduled-index"
  | "delay-queue"
  /** A schedule of the stack's group (one-time schedules of long delays, API-managed cron schedules). */
  | "schedule-group"
  | "scheduler-role";

export interface IamCall {
  readonly fn: FunctionKind;
  /** The adapter module that sends it, from the repository root. */
  readonly adapter: string;
  /** The SDK command class. */
  readonly command: string;
  /** For `BatchExecuteStatementCommand`: the PartiQL verb of the statement. */
  readonly statement?: "INSERT" | "UPDATE" | "SELECT";
  /** The IAM action the request is authorised by. */
  readonly action: string;
  readonly resource: ResourceKind;
  /** `dynamodb:LeadingKeys` of the request for queue `queue` (every DynamoDB item call names its partition key). */
  readonly leadingKeys?: (queue: string) => readonly string[];
  /** `iam:PassedToService` of an `iam:PassRole` (the service the role is handed to). */
  readonly passedToService?: string;
  /** Made only when the queue has retry backoff on, or `effectTables`. @default always */
  readonly when?: "retry" | "effect-tables";
}
