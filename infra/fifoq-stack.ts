import { CfnOutput, Duration, Fn, type RemovalPolicy, Stack, type StackProps, Tags } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import type { ResolvedConfig, ResolvedQueueConfig } from "../functions/core/config/types";
import { AlarmTopic } from "./constructs/alarm-topic";
import { DeadLetterRecorder } from "./constructs/dead-letter-recorder";
import { FifoQueueConsumer, type FifoQueueConsumerProps } from "./constructs/fifo-queue-consumer";
import { FifoqApi } from "./constructs/fifoq-api";
import { FifoqTables } from "./constructs/fifoq-tables";
import { QueueAlarms } from "./constructs/queue-alarms";

export interface FifoqStackProps extends StackProps {
  /** The checked configuration (`loadConfig` or `resolveConfig`). */
  readonly config: ResolvedConfig;
  /** Module of the API function; it must export `handler`. @default functions/handlers/api.ts */
  readonly apiEntry?: string;
  /** Module of the dead-letter recorders; it must export `handler`. @default functions/handlers/dead-letter-recorder.ts */
  readonly deadLetterRecorderEntry?: string;
  /** Require an API key (`x-api-key`) on every API method. @default true */
  readonly apiKeyRequired?: boolean;
  /** What happens to the DynamoDB tables when they leave the stack. @default RemovalPolicy.RETAIN */
  readonly tableRemovalPolicy?: RemovalPolicy;
  /** Retention of every log group the stack creates. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Create API Gateway's account-level CloudWatch role (needed once per account and region). @default true */
  readonly cloudWatchRole?: boolean;
  /**
   * Alarm when a queue's oldest message has waited longer than this many seconds, 60–1209600 (CDK context
   * `oldestMessageAgeAlarmSeconds`).
   * @default 300
   */
  readonly oldestMessageAgeAlarmSeconds?: number;
  /**
   * Send every alarm to an SNS topic with this email subscription (CDK context `alarmEmail`).
   * @default no topic: the alarms are only visible in CloudWatch
   */
  readonly alarmEmail?: string;
}

/** The construct props of one configured queue. */
export const consumerProps = (
  queue: ResolvedQueueConfig,
  idempotencyTable: dynamodb.ITable,
  logRetention: logs.RetentionDays | undefined,
): FifoQueueConsumerProps => ({
  queueName: queue.name,
  entry: queue.handlerPath,
  idempotencyTable,
  idempotencyWindow: Duration.seconds(queue.idempotencyWindowSeconds),
  batchSize: queue.batchSize,
  maxConcurrency: queue.maxConcurrency,
  maxReceiveCount: queue.maxReceiveCount,
  timeout: Duration.seconds(queue.functionTimeoutSeconds),
  memorySize: queue.memorySizeMb,
  visibilityTimeout: Duration.seconds(queue.visibilityTimeoutSeconds),
  retentionPeriod: Duration.seconds(queue.retentionSeconds),
  contentBasedDeduplication: queue.contentBasedDeduplication,
  highThroughput: queue.highThroughput,
  commitIntervalMs: queue.commitIntervalMs,
  effectTables: queue.effectTables,
  retry: queue.retry && {
    minDelay: Duration.seconds(queue.retry.minSeconds),
    maxDelay: Duration.seconds(queue.retry.maxSeconds),
  },
  ...(logRetention === undefined ? {} : { logRetention }),
});

/** What the stack builds for one configured queue. */
interface QueueParts {
  readonly consumer: FifoQueueConsumer;
  readonly recorder: DeadLetterRecorder;
}

/** `my-queue` → `MyQueue`, for output ids. */
const pascal = (name: string): string =>
  name
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");

/**
 * fifoq in one stack: per configured queue its FIFO queue, dead-letter queue, consumer, dead-letter recorder
 * and alarms; the idempotency and dead-letter tables; the HTTP API; and, when an email is given, the topic
 * the alarms notify.
 */
export class FifoqStack extends Stack {
  readonly tables: FifoqTables;
  readonly queues: readonly FifoQueueConsumer[];
  readonly alarms: readonly QueueAlarms[];
  readonly alarmTopic: AlarmTopic | undefined;
  readonly api: FifoqApi;

  constructor(scope: Construct, id: string, props: FifoqStackProps) {
    super(scope, id, props);
    Tags.of(this).add("app", "fifoq");
    this.tables = new FifoqTables(this, "Tables", {
      ...(props.tableRemovalPolicy === undefined ? {} : { removalPolicy: props.tableRemovalPolicy }),
    });
    const queues = props.config.queues.map((queue) => this.addQueue(queue, props));
    this.queues = queues.map(({ consumer }) => consumer);
    this.alarmTopic =
      props.alarmEmail === undefined
        ? undefined
        : new AlarmTopic(this, "AlarmTopic", { email: props.alarmEmail, alarmNamePrefix: this.stackName });
    this.alarms = queues.map((queue) => this.addAlarms(queue, props));
    this.api = new FifoqApi(this, "Api", {
      queues: this.queues,
      deadLetterTable: this.tables.deadLetters,
      rateLimit: props.config.api.rateLimit,
      burstLimit: props.config.api.burstLimit,
      ...(props.apiEntry === undefined ? {} : { entry: props.apiEntry }),
      ...(props.apiKeyRequired === undefined ? {} : { apiKeyRequired: props.apiKeyRequired }),
      ...(props.cloudWatchRole === undefined ? {} : { cloudWatchRole: props.cloudWatchRole }),
      ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
    });
    this.addOutputs();
  }

  /** A configured queue: its queue, dead-letter queue and consumer, and the recorder of its dead letters. */
  private addQueue(queue: ResolvedQueueConfig, props: FifoqStackProps): QueueParts {
    const consumer = new FifoQueueConsumer(
      this,
      queue.name,
      consumerProps(queue, this.tables.idempotency, props.logRetention),
    );
    const recorder = new DeadLetterRecorder(consumer, "DeadLetterRecorder", {
      queueName: queue.name,
      deadLetterQueue: consumer.deadLetterQueue,
      deadLetterTable: this.tables.deadLetters,
      idempotencyTable: this.tables.idempotency,
      ...(props.deadLetterRecorderEntry === undefined ? {} : { entry: props.deadLetterRecorderEntry }),
      ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
    });
    return { consumer, recorder };
  }

  /** A queue's alarms (named `<stack>-<queue>-…`), notifying the alarm topic when there is one. */
  private addAlarms({ consumer, recorder }: QueueParts, props: FifoqStackProps): QueueAlarms {
    return new QueueAlarms(consumer, "Alarms", {
      queueName: consumer.queueName,
      queue: consumer.queue,
      deadLetterQueue: consumer.deadLetterQueue,
      consumer: consumer.consumer.fn,
      recorder: recorder.recorder.fn,
      alarmNamePrefix: this.stackName,
      ...(props.oldestMessageAgeAlarmSeconds === undefined
        ? {}
        : { oldestMessageAgeSeconds: props.oldestMessageAgeAlarmSeconds }),
      ...(this.alarmTopic ? { topic: this.alarmTopic.topic } : {}),
    });
  }

  private addOutputs(): void {
    const keyId = this.api.apiKey.keyId;
    new CfnOutput(this, "ApiUrl", { value: this.api.url, description: "Base URL of the API (stage v1)" });
    new CfnOutput(this, "ApiKeyId", { value: keyId, description: "Id of the API key (not the key itself)" });
    new CfnOutput(this, "GetApiKeyCommand", {
      value: `aws apigateway get-api-key --api-key ${keyId} --include-value --query value --output text`,
      description: "Prints the API key to send in the x-api-key header",
    });
    for (const consumer of this.queues) {
      const id = pascal(consumer.queueName);
      new CfnOutput(this, `${id}QueueUrl`, {
        value: consumer.queue.queueUrl,
        description: `URL of ${consumer.queueName}.fifo`,
      });
      new CfnOutput(this, `${id}DlqUrl`, {
        value: consumer.deadLetterQueue.queueUrl,
        description: `URL of ${consumer.queueName}-dlq.fifo`,
      });
    }
    new CfnOutput(this, "IdempotencyTableName", { value: this.tables.idempotency.tableName });
    new CfnOutput(this, "DeadLetterTableName", { value: this.tables.deadLetters.tableName });
    new CfnOutput(this, "AlarmNames", {
      value: Fn.join(
        ", ",
        this.alarms.flatMap((alarms) => alarms.all.map((alarm) => alarm.alarmName)),
      ),
      description: "The CloudWatch alarms of every queue",
    });
    if (this.alarmTopic) {
      new CfnOutput(this, "AlarmTopicArn", {
        value: this.alarmTopic.topic.topicArn,
        description: "The SNS topic every alarm notifies (confirm the email subscription first)",
      });
    }
  }
}
