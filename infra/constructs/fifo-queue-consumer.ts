import { Duration, Stack, Tokenization, ValidationError } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type * as logs from "aws-cdk-lib/aws-logs";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { effectTableName, effectTables } from "../../functions/core/config/effect-tables";
import { InvalidConfigValueError } from "../../functions/core/config/errors";
import { queueNames } from "../../functions/core/config/physical-names";
import type { EffectTableConfig } from "../../functions/core/config/types";
import { consumerEnvironment } from "../../functions/core/env/function-environments";
import { DEAD_LETTER_VISIBILITY_TIMEOUT } from "./dead-letter-recorder";
import { FifoqFunction } from "./fifoq-function";
import {
  CONSUMER_EFFECT_TABLE_ACTIONS,
  CONSUMER_IDEMPOTENCY_ACTIONS,
  consumerKeyConditions,
  grantTableActions,
} from "./table-access";
import { type ConsumerSettings, validateConsumerSettings } from "./validate-fifo-queue-consumer-props";

/**
 * The consumer's own calls on its source queue (the event source mapping's receive and delete are Lambda's):
 * the retry backoff's `ChangeMessageVisibilityBatch` (`functions/adapters/sqs/visibility-changer.ts`), which
 * IAM authorises as `sqs:ChangeMessageVisibility`. Granted only when `retry` is on, in a statement of its own:
 * the mapping's consume grant happens to include the action too, and the runtime's call must not rely on it.
 */
export const CONSUMER_RETRY_QUEUE_ACTIONS = ["sqs:ChangeMessageVisibility"] as const;

/** SQS keeps a dead-letter queue's messages for the longest time it allows. */
const DEAD_LETTER_RETENTION = Duration.days(14);

/** Retry backoff of a failed record: `min(maxDelay, minDelay × 2^(attempt − 1))`, jittered (see the README). */
export interface RetryBackoffProps {
  /** The wait after the first failure, whole seconds, at least 1 s. @default Duration.seconds(1) */
  readonly minDelay?: Duration;
  /**
   * The longest wait, whole seconds: at least `minDelay`, at most 12 hours − `timeout` (SQS keeps a message
   * invisible at most 12 hours after its receive). @default Duration.seconds(300), or `minDelay` when larger
   */
  readonly maxDelay?: Duration;
}

export interface FifoQueueConsumerProps {
  /**
   * Logical queue name, `[a-z0-9-]{1,64}`: the queue is `<stackName>-<name>.fifo`, its dead-letter queue
   * `<stackName>-<name>-dlq.fifo` (at most 80 characters), or without the prefix when `stackName` is absent.
   */
  readonly queueName: string;
  /**
   * The deployment's name: it prefixes the queues' and the log group's names (so several stacks share an
   * account and region) and is the `stack` dimension of the consumer's metrics. @default no prefix, no metrics
   */
  readonly stackName?: string;
  /** Absolute path of the consumer module; it must export `handler` (made with `defineConsumer`). */
  readonly entry: string;
  /** The idempotency table (partition key `pk`, TTL `expiresAt`), shared by every queue; it also holds the failure log. */
  readonly idempotencyTable: dynamodb.ITable;
  /** Exactly-once effect window; `Duration.seconds(0)` turns idempotency off. 60 s–30 days. @default Duration.hours(24) */
  readonly idempotencyWindow?: Duration;
  /** Records per consumer invocation, 1–10. @default 10 */
  readonly batchSize?: number;
  /** Maximum concurrent consumer invocations (event source `MaximumConcurrency`), 2–1000. @default 10 */
  readonly maxConcurrency?: number;
  /** Receives before SQS moves a message to the dead-letter queue, 1–1000. @default 5 */
  readonly maxReceiveCount?: number;
  /** Consumer function timeout, 1–900 s. @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** Consumer memory in MB, 128–10240. @default 256 */
  readonly memorySize?: number;
  /** Visibility timeout; at least 6 × `timeout`, at most 12 hours. @default 6 × timeout */
  readonly visibilityTimeout?: Duration;
  /** Message retention of the queue, 60 s–14 days (the dead-letter queue keeps 14 days). @default Duration.days(4) */
  readonly retentionPeriod?: Duration;
  /** Deduplicate messages sent without a deduplication id by a SHA-256 of the body. @default false */
  readonly contentBasedDeduplication?: boolean;
  /** High-throughput FIFO: deduplication scope and throughput limit per message group. @default true */
  readonly highThroughput?: boolean;
  /**
   * Retry backoff: the consumer sets the visibility of a failed record and of the rest of its group in the
   * batch. `false`: a failed record waits the whole visibility timeout.
   * @default { minDelay: Duration.seconds(1), maxDelay: Duration.seconds(300) }
   */
  readonly retry?: RetryBackoffProps | false;
  /** Retention of the consumer's log group. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** The longest a succeeded record waits for its commit, 0–60000 ms. @default 1000 */
  readonly commitIntervalMs?: number;
  /**
   * DynamoDB tables (this account and region) the consumer may stage writes on with `context.transaction`;
   * needs idempotency. A declared table (with its keys) is `<stack>-<name>`, created by `FifoqTables`; a bare
   * name is a table of yours, used as named. @default none
   */
  readonly effectTables?: readonly EffectTableConfig[];
  /** X-Ray active tracing on the consumer. @default false */
  readonly tracing?: boolean;
}

/** FIFO attributes the queue and its dead-letter queue share (the local stack creates them the same way). */
const fifoProps = (props: FifoQueueConsumerProps): sqs.QueueProps => ({
  fifo: true,
  contentBasedDeduplication: props.contentBasedDeduplication ?? false,
  encryption: sqs.QueueEncryption.SQS_MANAGED,
  enforceSSL: true,
  ...((props.highThroughput ?? true)
    ? {
        deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP,
        fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      }
    : {}),
});

/**
 * One fifoq queue: the SQS FIFO queue `<stack>-<name>.fifo`, its FIFO dead-letter queue
 * `<stack>-<name>-dlq.fifo` and the consumer Lambda behind an SQS event source that reports partial batch
 * failures. The consumer may consume the queue, change the visibility of its messages (retry backoff,
 * `CONSUMER_RETRY_QUEUE_ACTIONS`), send to its own dead-letter queue (the runtime dead-letters a
 * `PermanentError` at once) and use the idempotency table through the exact commands of its adapters
 * (`CONSUMER_IDEMPOTENCY_ACTIONS`: claims, commits and the failure log) on its own queue's items only
 * (`dynamodb:LeadingKeys`), nothing else.
 */
export class FifoQueueConsumer extends Construct {
  /** The logical queue name (without prefix and `.fifo`). */
  readonly queueName: string;
  /** The SQS names: `<stack>-<name>.fifo` and `<stack>-<name>-dlq.fifo`. */
  readonly physicalNames: { readonly queue: string; readonly deadLetterQueue: string };
  readonly contentBasedDeduplication: boolean;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly consumer: FifoqFunction;

  constructor(scope: Construct, id: string, props: FifoQueueConsumerProps) {
    super(scope, id);
    const settings = validateConsumerSettings(this, props);
    this.queueName = props.queueName;
    this.physicalNames = physicalNamesOf(this, props);
    this.contentBasedDeduplication = props.contentBasedDeduplication ?? false;
    this.deadLetterQueue = new sqs.Queue(this, "DeadLetterQueue", {
      ...fifoProps(props),
      queueName: this.physicalNames.deadLetterQueue,
      retentionPeriod: DEAD_LETTER_RETENTION,
      visibilityTimeout: DEAD_LETTER_VISIBILITY_TIMEOUT,
    });
    this.queue = new sqs.Queue(this, "Queue", {
      ...fifoProps(props),
      queueName: this.physicalNames.queue,
      visibilityTimeout: Duration.seconds(settings.visibilityTimeoutSeconds),
      retentionPeriod: Duration.seconds(settings.retentionSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
    });
    this.consumer = this.createConsumer(props, settings);
  }

  private createConsumer(props: FifoQueueConsumerProps, settings: ConsumerSettings): FifoqFunction {
    const effects = effectTables(props.queueName, props.effectTables, settings.idempotencyWindowSeconds);
    const consumer = new FifoqFunction(this, "Consumer", {
      entry: props.entry,
      description: `fifoq consumer of ${this.physicalNames.queue}`,
      timeout: Duration.seconds(settings.timeoutSeconds),
      memorySize: settings.memorySize,
      tracing: props.tracing,
      logRetention: props.logRetention,
      stackName: props.stackName,
      logName: `${props.queueName}/consumer`,
      environment: consumerEnvironment(
        {
          stackName: props.stackName,
          queueName: props.queueName,
          queueUrl: this.queue.queueUrl,
          dlqUrl: this.deadLetterQueue.queueUrl,
          idempotencyTable: props.idempotencyTable.tableName,
          idempotencyWindowSeconds: settings.idempotencyWindowSeconds,
          highThroughput: props.highThroughput ?? true,
          commitIntervalMs: props.commitIntervalMs,
          effectTables: effects,
          effectTableStack: props.stackName,
          retry: settings.retry,
        },
        Tokenization.stringifyNumber,
      ),
    });
    consumer.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: settings.batchSize,
        maxConcurrency: settings.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    this.deadLetterQueue.grant(consumer.fn, "sqs:SendMessage");
    if (settings.retry) {
      consumer.fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: "RetryBackoff",
          actions: [...CONSUMER_RETRY_QUEUE_ACTIONS],
          resources: [this.queue.queueArn],
        }),
      );
    }
    // Even with idempotency off, the table holds the consumer's failure log (the dead letter's lastError).
    grantTableActions({
      grantee: consumer.fn,
      actions: CONSUMER_IDEMPOTENCY_ACTIONS,
      resourceArns: [props.idempotencyTable.tableArn],
      conditions: consumerKeyConditions(props.queueName),
    });
    if (effects.length > 0) {
      const stack = Stack.of(this);
      grantTableActions({
        grantee: consumer.fn,
        actions: CONSUMER_EFFECT_TABLE_ACTIONS,
        resourceArns: effects.map((table) =>
          stack.formatArn({
            service: "dynamodb",
            resource: "table",
            resourceName: effectTableName(table, props.stackName),
          }),
        ),
      });
    }
    return consumer;
  }
}

/** The queue's SQS names; a name SQS would refuse (over 80 characters) stops synth naming queue, stack and limit. */
const physicalNamesOf = (scope: Construct, props: FifoQueueConsumerProps) => {
  try {
    return queueNames(props.queueName, props.stackName);
  } catch (error) {
    if (!(error instanceof InvalidConfigValueError)) throw error;
    throw new ValidationError("QueueNameTooLong" as never, error.message, scope);
  }
};
