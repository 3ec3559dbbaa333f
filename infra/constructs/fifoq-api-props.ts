import { Token } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { LIMITS } from "../../functions/core/config/defaults";
import type { ResolvedScheduleConfig } from "../../functions/core/config/schedules";
import type { ApiAuth } from "../../functions/core/config/types";

/** A queue as the API knows it: its logical name and its dedup mode (its URLs follow from the name). */
export interface FifoqApiQueue {
  readonly name: string;
  readonly contentBasedDeduplication: boolean;
  /** With `idempotencyWindowSeconds`: how its consumer keys its idempotency records. @default not known */
  readonly highThroughput?: boolean;
  /** Its consumer's idempotency window, 0 when off (the status route). @default not known */
  readonly idempotencyWindowSeconds?: number;
}

export interface FifoqApiProps {
  /** The queues the API may enqueue on and report on. */
  readonly queues: readonly FifoqApiQueue[];
  /**
   * What every queue's URL starts with, up to `<name>.fifo` (e.g. a real queue's URL without its name), so
   * the function needs one variable for any number of queues.
   */
  readonly queueUrlPrefix: string;
  /**
   * The deployment's name: the queues' names start with `<stackName>-`; it names the log groups and is the
   * metrics' `stack` dimension. @default no prefix, no metrics
   */
  readonly stackName?: string;
  /** `apiKey`: API keys and a usage plan. `iam`: SigV4 on every method and the access policies. @default "apiKey" */
  readonly auth?: ApiAuth;
  /** X-Ray active tracing on the function and the stage. @default false */
  readonly tracing?: boolean;
  /** The configuration's recurring schedules (bundled into the code, like the queue list). @default none */
  readonly schedules?: readonly ResolvedScheduleConfig[];
  /** The dead-letter records table (partition `queue`, sort `id`, index `byTime`). */
  readonly deadLetterTable: dynamodb.ITable;
  /**
   * The idempotency table: the status route reads the queues' claims and commits (GetItem-like PartiQL
   * SELECTs on their keys only). @default none (the status route answers from the other stores)
   */
  readonly idempotencyTable?: dynamodb.ITable;
  /** Module of the API function; it must export `handler`. @default functions/handlers/api.ts */
  readonly entry?: string;
  /** Require an API key (`x-api-key`) on every method (`auth: "apiKey"` only). @default true */
  readonly apiKeyRequired?: boolean;
  /**
   * Version of the operator key, 1 or more: raising it replaces the key on the next deploy (a new value and id;
   * the function is told the new id and the old key is deleted). How to rotate it (README "Security").
   * @default the CDK context `operatorKeyVersion`, else 1
   */
  readonly operatorKeyVersion?: number;
  /** Steady-state requests per second per API key (usage plan), 1–10000. @default 100 */
  readonly rateLimit?: number;
  /** Burst of requests per API key (usage plan), 1–5000. @default 200 */
  readonly burstLimit?: number;
  /**
   * Create the regional API Gateway account role that lets API Gateway write access and execution logs. Turn
   * off when the account already has one (it is one setting per account and region).
   * @default true
   */
  readonly cloudWatchRole?: boolean;
  /** Retention of the API function's logs and the API's access and execution logs. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

/** The operator key's version from the props or the CDK context (`-c operatorKeyVersion=2`), checked. */
export const operatorKeyVersion = (scope: Construct, props: FifoqApiProps): number => {
  const value = props.operatorKeyVersion ?? Number(scope.node.tryGetContext("operatorKeyVersion") ?? 1);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(
      `FifoqApi: operatorKeyVersion = ${value} is not allowed; it must be a whole number from 1`,
    );
  return value;
};

/** Refuses props the API cannot be built from, naming the value and what is allowed. */
export const validateApiProps = (props: FifoqApiProps): void => {
  if (props.queues.length === 0)
    throw new Error("FifoqApi: queues is empty; give at least one FifoQueueConsumer");
  for (const field of ["rateLimit", "burstLimit"] as const) {
    const value = props[field];
    const [min, max] = LIMITS[field];
    if (
      value !== undefined &&
      !Token.isUnresolved(value) &&
      (!Number.isInteger(value) || value < min || value > max)
    ) {
      throw new Error(
        `FifoqApi: ${field} = ${value} is not allowed; it must be an integer from ${min} to ${max}`,
      );
    }
  }
};
