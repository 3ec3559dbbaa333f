import { CfnOutput, Duration, NestedStack } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import type { ResolvedQueueConfig } from "../../functions/core/config/types";
import { PAYLOAD_PREFIXES } from "../../functions/core/payloads/payload-store";
import { DeadLetterRecorder } from "./dead-letter-recorder";
import { FifoQueueConsumer, type FifoQueueConsumerProps } from "./fifo-queue-consumer";
import { grantPayloads } from "./payload-bucket";
import { QueueAlarms } from "./queue-alarms";

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

export interface QueueStackProps {
  readonly queue: ResolvedQueueConfig;
  /** The app stack's name: it prefixes every physical name and is the metrics' `stack` dimension. */
  readonly stackName: string;
  readonly idempotencyTable: dynamodb.ITable;
  readonly deadLetterTable: dynamodb.ITable;
  /** Module of the dead-letter recorder. @default functions/handlers/dead-letter-recorder.ts */
  readonly deadLetterRecorderEntry?: string;
  readonly logRetention?: logs.RetentionDays;
  /** X-Ray active tracing on the consumer and the recorder. */
  readonly tracing: boolean;
  /** @default 300 */
  readonly oldestMessageAgeAlarmSeconds?: number;
  /** Where the queue's alarms notify. @default none */
  readonly alarmTopic?: sns.ITopic;
  /** The stack's payload bucket (large bodies and dead letters). @default none: such messages fail */
  readonly payloadBucket?: s3.IBucket;
}

/**
 * Everything one configured queue owns, in a nested stack of its own (about 20 resources): the queue, its
 * dead-letter queue, the consumer, the dead-letter recorder and the four alarms. One nested stack per queue
 * keeps every template far below CloudFormation's 500 resources, and adding or removing a queue never moves
 * another queue's resources (which would replace them). The shared tables, API and topic stay in the parent
 * and arrive here as parameters.
 */
export class QueueStack extends NestedStack {
  readonly consumer: FifoQueueConsumer;
  readonly recorder: DeadLetterRecorder;
  readonly alarms: QueueAlarms;

  constructor(scope: Construct, id: string, props: QueueStackProps) {
    super(scope, id, { description: `fifoq queue ${props.queue.name} of stack ${props.stackName}` });
    const shared = {
      stackName: props.stackName,
      tracing: props.tracing,
      ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
    };
    this.consumer = new FifoQueueConsumer(this, props.queue.name, {
      ...consumerProps(props.queue, props.idempotencyTable, props.logRetention),
      ...shared,
    });
    const recorder = new DeadLetterRecorder(this.consumer, "DeadLetterRecorder", {
      queueName: props.queue.name,
      deadLetterQueue: this.consumer.deadLetterQueue,
      deadLetterTable: props.deadLetterTable,
      idempotencyTable: props.idempotencyTable,
      ...(props.deadLetterRecorderEntry === undefined ? {} : { entry: props.deadLetterRecorderEntry }),
      ...shared,
    });
    this.recorder = recorder;
    if (props.payloadBucket) this.grantPayloads(props.queue.name, props.payloadBucket);
    this.alarms = new QueueAlarms(this.consumer, "Alarms", {
      queueName: props.queue.name,
      queue: this.consumer.queue,
      deadLetterQueue: this.consumer.deadLetterQueue,
      consumer: this.consumer.consumer.fn,
      recorder: this.recorder.recorder.fn,
      alarmNamePrefix: props.stackName,
      ...(props.oldestMessageAgeAlarmSeconds === undefined
        ? {}
        : { oldestMessageAgeSeconds: props.oldestMessageAgeAlarmSeconds }),
      ...(props.alarmTopic ? { topic: props.alarmTopic } : {}),
    });
    new CfnOutput(this, "QueueUrl", { value: this.consumer.queue.queueUrl });
    new CfnOutput(this, "DeadLetterQueueUrl", { value: this.consumer.deadLetterQueue.queueUrl });
  }

  /**
   * The consumer reads claim-checked bodies of its own queue; the recorder reads them too and keeps dead
   * letters over DynamoDB's 400 KB under its own queue's prefix.
   */
  private grantPayloads(queue: string, bucket: s3.IBucket): void {
    const messages = `${PAYLOAD_PREFIXES.messages}${queue}/`;
    grantPayloads(this.consumer.consumer, bucket, [{ actions: ["s3:GetObject"], prefix: messages }]);
    grantPayloads(this.recorder.recorder, bucket, [
      { actions: ["s3:GetObject"], prefix: messages },
      { actions: ["s3:GetObject", "s3:PutObject"], prefix: `${PAYLOAD_PREFIXES.deadLetters}${queue}/` },
    ]);
  }
}
