import { CfnOutput, Duration, type RemovalPolicy, Stack, type StackProps, Tags } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import type { ResolvedConfig, ResolvedQueueConfig } from "../functions/core/config/types";
import { DeadLetterRecorder } from "./constructs/dead-letter-recorder";
import { FifoQueueConsumer, type FifoQueueConsumerProps } from "./constructs/fifo-queue-consumer";
import { FifoqApi } from "./constructs/fifoq-api";
import { FifoqTables } from "./constructs/fifoq-tables";

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
  ...(logRetention === undefined ? {} : { logRetention }),
});

/** `my-queue` → `MyQueue`, for output ids. */
const pascal = (name: string): string =>
  name
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");

/**
 * fifoq in one stack: per configured queue its FIFO queue, dead-letter queue, consumer and dead-letter
 * recorder; the idempotency and dead-letter tables; and the HTTP API.
 */
export class FifoqStack extends Stack {
  readonly tables: FifoqTables;
  readonly queues: readonly FifoQueueConsumer[];
  readonly api: FifoqApi;

  constructor(scope: Construct, id: string, props: FifoqStackProps) {
    super(scope, id, props);
    Tags.of(this).add("app", "fifoq");
    this.tables = new FifoqTables(this, "Tables", {
      ...(props.tableRemovalPolicy === undefined ? {} : { removalPolicy: props.tableRemovalPolicy }),
    });
    this.queues = props.config.queues.map((queue) => this.addQueue(queue, props));
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
  private addQueue(queue: ResolvedQueueConfig, props: FifoqStackProps): FifoQueueConsumer {
    const consumer = new FifoQueueConsumer(
      this,
      queue.name,
      consumerProps(queue, this.tables.idempotency, props.logRetention),
    );
    new DeadLetterRecorder(consumer, "DeadLetterRecorder", {
      queueName: queue.name,
      deadLetterQueue: consumer.deadLetterQueue,
      deadLetterTable: this.tables.deadLetters,
      idempotencyTable: this.tables.idempotency,
      ...(props.deadLetterRecorderEntry === undefined ? {} : { entry: props.deadLetterRecorderEntry }),
      ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
    });
    return consumer;
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
  }
}
