import { CfnOutput, Fn, NestedStack, RemovalPolicy, Stack, type StackProps, Tags } from "aws-cdk-lib";
import type * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { declaredEffectTables } from "../functions/core/config/effect-tables";
import { queueNames } from "../functions/core/config/physical-names";
import type { ResolvedConfig } from "../functions/core/config/types";
import { PAYLOAD_PREFIXES } from "../functions/core/payloads/payload-store";
import { idempotencyWindowsOf } from "../functions/core/schedules/scheduler-params";
import { AlarmTopic } from "./constructs/alarm-topic";
import { FifoqApi } from "./constructs/fifoq-api";
import { FifoqDashboard } from "./constructs/fifoq-dashboard";
import { FifoqTables } from "./constructs/fifoq-tables";
import { FifoqTime } from "./constructs/fifoq-time";
import { grantPayloads, PayloadBucket } from "./constructs/payload-bucket";
import { QueueStack } from "./constructs/queue-stack";
import { TimeSchedules } from "./constructs/time-schedules";
import { timeWidgets } from "./constructs/time-widgets";

export interface FifoqStackProps extends StackProps {
  /** The checked configuration (`loadConfig` or `resolveConfig`). */
  readonly config: ResolvedConfig;
  /** Module of the API function; it must export `handler`. @default functions/handlers/api.ts */
  readonly apiEntry?: string;
  /** Module of the dead-letter recorders; it must export `handler`. @default functions/handlers/dead-letter-recorder.ts */
  readonly deadLetterRecorderEntry?: string;
  /** Require an API key (`x-api-key`) on every API method (`api.auth: "apiKey"`). @default true */
  readonly apiKeyRequired?: boolean;
  /** Version of the operator API key; raising it replaces the key. @default context `operatorKeyVersion`, else 1 */
  readonly operatorKeyVersion?: number;
  /** What happens to the DynamoDB tables when they leave the stack. @default the configuration's `removalPolicy` */
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
   * Send every alarm to an SNS topic with this email subscription (CDK context `alarmEmail`, else the
   * configuration's `alarmEmail`).
   * @default no topic: the alarms are only visible in CloudWatch
   */
  readonly alarmEmail?: string;
}

const ALARM_SUFFIXES = "dead-letters|oldest-message-age|consumer-errors|recorder-errors";

/**
 * fifoq as one deployable stack, named after the stage (`-c stackName=FifoqProd`): the shared idempotency and
 * dead-letter tables, the HTTP API, the alarm topic and the dashboard in the stack itself, and per configured
 * queue a nested stack (`QueueStack`) with its queues, consumer, recorder and alarms. Every name it gives is
 * `<stack>-…` (queues, alarms, topic, dashboard) or `/fifoq/<stack>/…` (log groups).
 */
export class FifoqStack extends Stack {
  readonly tables: FifoqTables;
  readonly queueStacks: readonly QueueStack[];
  readonly alarmTopic: AlarmTopic | undefined;
  readonly api: FifoqApi;
  readonly dashboard: FifoqDashboard;
  readonly payloads: PayloadBucket;
  /** Delayed messages and cron schedules. */
  readonly time: FifoqTime;
  readonly schedules: TimeSchedules;

  constructor(scope: Construct, id: string, props: FifoqStackProps) {
    super(scope, id, props);
    Tags.of(this).add("app", "fifoq");
    const { config } = props;
    const removalPolicy =
      props.tableRemovalPolicy ??
      (config.removalPolicy === "destroy" ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN);
    this.tables = new FifoqTables(this, "Tables", {
      removalPolicy,
      effectTables: declaredEffectTables(config.queues),
      stackName: this.stackName,
    });
    this.payloads = new PayloadBucket(this, "Payloads", { removalPolicy });
    const email = props.alarmEmail ?? config.alarmEmail;
    this.alarmTopic =
      email === undefined
        ? undefined
        : new AlarmTopic(this, "AlarmTopic", { email, alarmNamePrefix: this.stackName });
    this.queueStacks = config.queues.map(
      (queue) =>
        new QueueStack(this, queue.name, {
          queue,
          stackName: this.stackName,
          idempotencyTable: this.tables.idempotency,
          deadLetterTable: this.tables.deadLetters,
          payloadBucket: this.payloads.bucket,
          tracing: config.tracing,
          ...(props.deadLetterRecorderEntry === undefined
            ? {}
            : { deadLetterRecorderEntry: props.deadLetterRecorderEntry }),
          ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
          ...(props.oldestMessageAgeAlarmSeconds === undefined
            ? {}
            : { oldestMessageAgeAlarmSeconds: props.oldestMessageAgeAlarmSeconds }),
          ...(this.alarmTopic ? { alarmTopic: this.alarmTopic.topic } : {}),
        }),
    );
    this.api = this.addApi(props);
    // The API checks large bodies in at publish and redrive, and reads dead letters kept in the bucket.
    grantPayloads(this.api.handler, this.payloads.bucket, [
      { actions: ["s3:PutObject"], prefix: PAYLOAD_PREFIXES.messages },
      { actions: ["s3:GetObject"], prefix: PAYLOAD_PREFIXES.deadLetters },
    ]);
    // Its own nested stack: the app stack keeps about one resource per queue (500 per stack).
    const timeStack = new NestedStack(this, "Time", { description: "fifoq delayed messages and schedules" });
    this.time = new FifoqTime(timeStack, "Time", {
      stackName: this.stackName,
      queues: config.queues.map(({ name, contentBasedDeduplication }) => ({
        name,
        contentBasedDeduplication,
      })),
      queueUrlPrefix: this.api.queueUrlPrefix,
      tracing: config.tracing,
      removalPolicy:
        props.tableRemovalPolicy ??
        (config.removalPolicy === "destroy" ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN),
      ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
    });
    this.time.grantApi(this.api.handler);
    this.schedules = new TimeSchedules(timeStack, "Schedules", {
      time: this.time,
      stackName: this.stackName,
      schedules: config.schedules,
      idempotencyWindows: idempotencyWindowsOf(config.queues),
      ...(this.alarmTopic ? { alarmTopic: this.alarmTopic.topic } : {}),
    });
    this.dashboard = new FifoqDashboard(this, "Dashboard", {
      stackName: this.stackName,
      api: this.api.api,
      queues: this.queueStacks.map(({ consumer }) => ({
        name: consumer.queueName,
        physicalNames: consumer.physicalNames,
        consumer: consumer.consumer.fn,
      })),
    });
    const [first] = this.dashboard.dashboards;
    first?.addWidgets(...timeWidgets(this.stackName));
    this.addOutputs();
  }

  /** The API; it reaches every queue by its name, so it needs one queue URL, not one per queue. */
  private addApi(props: FifoqStackProps): FifoqApi {
    const { config } = props;
    const first = this.queueStacks[0]?.consumer;
    if (!first) throw new Error("FifoqStack: the configuration has no queue");
    return new FifoqApi(this, "Api", {
      queues: config.queues.map(
        ({ name, contentBasedDeduplication, highThroughput, idempotencyWindowSeconds }) => ({
          name,
          contentBasedDeduplication,
          highThroughput,
          idempotencyWindowSeconds,
        }),
      ),
      // A real queue URL without its name `<name>.fifo`: `https://sqs.<region>.amazonaws.com/<account>/<stack>-`.
      queueUrlPrefix: Fn.select(0, Fn.split(`${first.queueName}.fifo`, first.queue.queueUrl)),
      stackName: this.stackName,
      schedules: config.schedules,
      deadLetterTable: this.tables.deadLetters,
      idempotencyTable: this.tables.idempotency,
      auth: config.api.auth,
      tracing: config.tracing,
      rateLimit: config.api.rateLimit,
      burstLimit: config.api.burstLimit,
      ...(props.apiEntry === undefined ? {} : { entry: props.apiEntry }),
      ...(props.apiKeyRequired === undefined ? {} : { apiKeyRequired: props.apiKeyRequired }),
      ...(props.operatorKeyVersion === undefined ? {} : { operatorKeyVersion: props.operatorKeyVersion }),
      ...(props.cloudWatchRole === undefined ? {} : { cloudWatchRole: props.cloudWatchRole }),
      ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
    });
  }

  private addOutputs(): void {
    new CfnOutput(this, "ApiUrl", { value: this.api.url, description: "Base URL of the API (stage v1)" });
    this.addAuthOutputs();
    const example = queueNames("<queue>", this.stackName);
    new CfnOutput(this, "QueueUrlPrefix", {
      value: this.api.queueUrlPrefix,
      description: `Every queue's URL is this + <queue>.fifo (SQS names ${example.queue}, ${example.deadLetterQueue})`,
    });
    new CfnOutput(this, "IdempotencyTableName", { value: this.tables.idempotency.tableName });
    new CfnOutput(this, "DeadLetterTableName", { value: this.tables.deadLetters.tableName });
    new CfnOutput(this, "AlarmNames", {
      value: `${this.stackName}-<queue>-{${ALARM_SUFFIXES.split("|").join(",")}}`,
      description: "The CloudWatch alarms of every queue",
    });
    new CfnOutput(this, "DashboardNames", {
      value: Fn.join(
        ", ",
        this.dashboard.dashboards.map((dashboard) => dashboard.dashboardName),
      ),
      description: "The CloudWatch dashboards of the stack (CloudWatch console, Dashboards)",
    });
    if (this.alarmTopic) {
      new CfnOutput(this, "AlarmTopicArn", {
        value: this.alarmTopic.topic.topicArn,
        description: "The SNS topic every alarm notifies (confirm the email subscription first)",
      });
    }
  }

  /** `<prefix>KeyId` and `Get<prefix>KeyCommand`: a key's id (not the key) and the command that prints it. */
  private addKeyOutputs(prefix: string, keyId: string, what: string): void {
    new CfnOutput(this, `${prefix}KeyId`, {
      value: keyId,
      description: `Id of the ${what} (not the key itself)`,
    });
    new CfnOutput(this, `Get${prefix}KeyCommand`, {
      value: `aws apigateway get-api-key --api-key ${keyId} --include-value --query value --output text`,
      description: `Prints the ${what} to send in the x-api-key header`,
    });
  }

  /** API key auth: both keys' ids and how to print each. IAM auth: the policies to attach to callers. */
  private addAuthOutputs(): void {
    const { apiKey, operatorKey, accessPolicies } = this.api;
    if (apiKey) this.addKeyOutputs("Api", apiKey.keyId, "producer key (publish, GET /queues)");
    if (operatorKey) {
      this.addKeyOutputs("OperatorApi", operatorKey.keyId, "operator key (also the dead-letter routes)");
    }
    if (accessPolicies) {
      new CfnOutput(this, "ProducerPolicyArn", {
        value: accessPolicies.producer.managedPolicyArn,
        description: "Attach to producers: publish and GET /queues, SigV4-signed (api.auth: iam)",
      });
      new CfnOutput(this, "OperatorPolicyArn", {
        value: accessPolicies.operator.managedPolicyArn,
        description: "Attach to operators: everything producers may, and every dead-letter route",
      });
    }
  }
}
