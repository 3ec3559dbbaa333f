import { fileURLToPath } from "node:url";
import { Duration } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type * as logs from "aws-cdk-lib/aws-logs";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { failureKey } from "../../functions/adapters/dead-letters/failure-writer";
import { queueNames } from "../../functions/core/config/physical-names";
import {
  DEAD_LETTER_VISIBILITY_TIMEOUT_SECONDS,
  RECORDER_SETTINGS,
} from "../../functions/core/dead-letters/recorder-settings";
import { recorderEnvironment } from "../../functions/core/env/function-environments";
import { FifoqFunction } from "./fifoq-function";
import {
  grantTableActions,
  leadingKeysLike,
  RECORDER_DEAD_LETTER_ACTIONS,
  RECORDER_FAILURE_LOG_ACTIONS,
} from "./table-access";

/** The Lambda edge that turns dead-letter queue messages into dead-letter records. */
export const DEFAULT_RECORDER_ENTRY = fileURLToPath(
  new URL("../../functions/handlers/dead-letter-recorder.ts", import.meta.url),
);

/** The recorder's function and event source (the local stack runs it with the same numbers). */
export { RECORDER_SETTINGS };

/** Visibility timeout of every dead-letter queue: 6 × the recorder's timeout, as for any SQS event source. */
export const DEAD_LETTER_VISIBILITY_TIMEOUT = Duration.seconds(DEAD_LETTER_VISIBILITY_TIMEOUT_SECONDS);

export interface DeadLetterRecorderProps {
  /** The source queue's logical name (the records' partition key; the recorder's `FIFOQ_QUEUE_NAME`). */
  readonly queueName: string;
  /** The deployment's name: it prefixes the log group's name. @default a name CloudFormation makes */
  readonly stackName?: string;
  /** The queue's dead-letter queue, which the recorder consumes. */
  readonly deadLetterQueue: sqs.IQueue;
  /** Where dead-letter records go (the API lists, redrives and discards them there). */
  readonly deadLetterTable: dynamodb.ITable;
  /** The idempotency table, which holds the consumer's failure log (the record's `lastError`). */
  readonly idempotencyTable: dynamodb.ITable;
  /** Module of the recorder function; it must export `handler`. @default functions/handlers/dead-letter-recorder.ts */
  readonly entry?: string;
  /** Retention of the recorder's log group. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** X-Ray active tracing on the recorder. @default false */
  readonly tracing?: boolean;
}

/**
 * Consumes one dead-letter queue and stores one `new` dead-letter record per message, with the consumer's
 * last error read from the failure log. Records are independent, so it reports partial batch failures and
 * runs with little concurrency. Besides consuming its dead-letter queue it may only `PutItem` (and update the count of) its own queue's
 * records in the dead-letter table (partition key = the queue name) and `GetItem` its own queue's failure-log
 * entries (`f#<queue>#…`) in the idempotency table: never claims, commits or another queue's items.
 */
export class DeadLetterRecorder extends Construct {
  readonly recorder: FifoqFunction;

  constructor(scope: Construct, id: string, props: DeadLetterRecorderProps) {
    super(scope, id);
    this.recorder = new FifoqFunction(this, "Recorder", {
      entry: props.entry ?? DEFAULT_RECORDER_ENTRY,
      description: `fifoq dead-letter recorder of ${queueNames(props.queueName, props.stackName).deadLetterQueue}`,
      timeout: Duration.seconds(RECORDER_SETTINGS.timeoutSeconds),
      memorySize: RECORDER_SETTINGS.memorySizeMb,
      tracing: props.tracing,
      logRetention: props.logRetention,
      stackName: props.stackName,
      logName: `${props.queueName}/dead-letter-recorder`,
      environment: recorderEnvironment({
        queueName: props.queueName,
        deadLetterTable: props.deadLetterTable.tableName,
        idempotencyTable: props.idempotencyTable.tableName,
      }),
    });
    this.recorder.fn.addEventSource(
      new SqsEventSource(props.deadLetterQueue, {
        batchSize: RECORDER_SETTINGS.batchSize,
        maxConcurrency: RECORDER_SETTINGS.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    grantTableActions({
      grantee: this.recorder.fn,
      actions: RECORDER_DEAD_LETTER_ACTIONS,
      resourceArns: [props.deadLetterTable.tableArn],
      conditions: leadingKeysLike(props.queueName),
    });
    grantTableActions({
      grantee: this.recorder.fn,
      actions: RECORDER_FAILURE_LOG_ACTIONS,
      resourceArns: [props.idempotencyTable.tableArn],
      conditions: leadingKeysLike(failureKey(props.queueName, "*")),
    });
  }
}
