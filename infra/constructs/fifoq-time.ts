import { Aws, Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type * as logs from "aws-cdk-lib/aws-logs";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { queueNames } from "../../functions/core/config/physical-names";
import { timeApiEnvironment } from "../../functions/core/env/function-environments";
import { ENV } from "../../functions/core/env-names";
import { SCHEDULED_TABLE } from "../../functions/core/tables";
import { FifoqFunction, PROJECT_ROOT } from "./fifoq-function";
import { grantTableActions, grantTableAndIndex, leadingKeysLike } from "./table-access";

/**
 * The API on the scheduled table: create (a transaction of two Puts), read, cancel (UpdateItem), list (Query);
 * the schedule records: define, pause and resume (UpdateItem).
 */
export const API_SCHEDULED_TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:Query",
  "dynamodb:UpdateItem",
] as const;
/** The API deletes schedule records only (`~schedules`), never a delayed message's items (`leadingKeysLike`). */
export const API_SCHEDULE_RECORD_ACTIONS = ["dynamodb:DeleteItem"] as const;
/**
 * The API on EventBridge Scheduler, in the stack's group only: one-time schedules of long delays (create),
 * API-managed cron schedules (create, update — pause and resume too — and delete).
 */
export const API_SCHEDULER_ACTIONS = [
  "scheduler:CreateSchedule",
  "scheduler:DeleteSchedule",
  "scheduler:UpdateSchedule",
];
/**
 * The release function: a tick's schedule record (GetItem); a release's reads (PartiQL SELECT), `scheduled →
 * released` and `sent` (PartiQL UPDATE), coalesced in BatchExecuteStatement; the group's due messages (Query on
 * the index).
 */
export const RELEASE_SCHEDULED_TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PartiQLSelect",
  "dynamodb:PartiQLUpdate",
] as const;
export const RELEASE_INDEX_ACTIONS = ["dynamodb:Query"] as const;

/**
 * The physical names of the time feature's resources: fixed, so the API (in the app stack) is granted them by
 * ARN without a reference into the nested stack, and the local IAM check can map the local names to them.
 */
export const timeResourceNames = (stackName: string) => ({
  scheduledTable: `${stackName}-scheduled`,
  delayQueue: `${stackName}-delay`,
  schedulerRole: `${stackName}-scheduler`,
  /** The release function: the target of the API's cron schedules. */
  releaseFunction: `${stackName}-release`,
  tickDeadLetterQueue: `${stackName}-tick-dlq`,
});

/** The release function's visibility on the delay queue: 6× its timeout, as for the consumers. */
const RELEASE_TIMEOUT = Duration.seconds(10);

export interface FifoqTimeProps {
  readonly stackName: string;
  /** The configured queues' names, with their dedup mode (bundled like the API's queue list). */
  readonly queues: readonly { readonly name: string; readonly contentBasedDeduplication: boolean }[];
  /** What every queue's URL starts with (`…/<stack>-`). */
  readonly queueUrlPrefix: string;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default false */
  readonly tracing?: boolean;
  /** Module of the release function. @default functions/handlers/release.ts */
  readonly entry?: string;
}

/**
 * Delayed messages in the cloud: the scheduled-message table, the SQS delay queue (standard, per-message
 * `DelaySeconds`) with its dead-letter queue, the release function behind it, and the EventBridge Scheduler
 * group and role that carry delays over 15 minutes to the delay queue (and cron ticks to the release function).
 */
export class FifoqTime extends Construct {
  readonly table: dynamodb.Table;
  readonly delayQueue: sqs.Queue;
  readonly delayDeadLetterQueue: sqs.Queue;
  readonly release: FifoqFunction;
  readonly scheduleGroup: scheduler.CfnScheduleGroup;
  /** Assumed by EventBridge Scheduler: send to the delay queue, invoke the release function (ticks). */
  readonly schedulerRole: iam.Role;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: FifoqTimeProps,
  ) {
    super(scope, id);
    this.table = this.createTable();
    this.delayDeadLetterQueue = new sqs.Queue(this, "DelayDeadLetterQueue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.delayQueue = new sqs.Queue(this, "DelayQueue", {
      queueName: timeResourceNames(props.stackName).delayQueue,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      visibilityTimeout: Duration.seconds(RELEASE_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.delayDeadLetterQueue, maxReceiveCount: 10 },
    });
    this.scheduleGroup = new scheduler.CfnScheduleGroup(this, "ScheduleGroup", { name: props.stackName });
    this.schedulerRole = new iam.Role(this, "SchedulerRole", {
      roleName: timeResourceNames(props.stackName).schedulerRole,
      assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
      description: "EventBridge Scheduler: put long-delayed messages on the delay queue, run cron ticks",
    });
    this.delayQueue.grantSendMessages(this.schedulerRole);
    this.release = this.createRelease();
    // The function itself, not its versions (`grantInvoke` adds `<arn>:*`).
    this.schedulerRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ["lambda:InvokeFunction"],
        resources: [this.release.fn.functionArn],
      }),
    );
  }

  private createTable(): dynamodb.Table {
    const string = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    const table = new dynamodb.Table(this, "Scheduled", {
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: this.props.removalPolicy ?? RemovalPolicy.RETAIN,
      tableName: timeResourceNames(this.props.stackName).scheduledTable,
      partitionKey: string(SCHEDULED_TABLE.partitionKey),
      sortKey: string(SCHEDULED_TABLE.sortKey),
      timeToLiveAttribute: SCHEDULED_TABLE.ttlAttribute,
    });
    const index = SCHEDULED_TABLE.byGroupDueIndex;
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: string(index.partitionKey),
      sortKey: string(index.sortKey),
      projectionType: dynamodb.ProjectionType.ALL,
    });
    return table;
  }

  /** The bundled queue list (as the API's) and the table and delay queue. */
  private createRelease(): FifoqFunction {
    const catalog = Object.fromEntries(
      this.props.queues.map((queue) => [
        queue.name,
        { contentBasedDeduplication: queue.contentBasedDeduplication },
      ]),
    );
    const release = new FifoqFunction(this, "Release", {
      entry: this.props.entry ?? `${PROJECT_ROOT}functions/handlers/release.ts`,
      description: "fifoq release of delayed messages and cron ticks",
      functionName: timeResourceNames(this.props.stackName).releaseFunction,
      timeout: RELEASE_TIMEOUT,
      stackName: this.props.stackName,
      logName: "release",
      tracing: this.props.tracing ?? false,
      ...(this.props.logRetention === undefined ? {} : { logRetention: this.props.logRetention }),
      define: { [`process.env.${ENV.queues}`]: JSON.stringify(JSON.stringify(catalog)) },
      environment: {
        [ENV.queueUrlPrefix]: this.props.queueUrlPrefix,
        [ENV.scheduledTable]: this.table.tableName,
        [ENV.delayQueueUrl]: this.delayQueue.queueUrl,
        [ENV.stackName]: this.props.stackName,
      },
    });
    release.fn.addEventSource(
      new SqsEventSource(this.delayQueue, { batchSize: 10, reportBatchItemFailures: true }),
    );
    this.delayQueue.grantSendMessages(release.fn);
    grantTableAndIndex({
      grantee: release.fn,
      table: this.table,
      tableActions: RELEASE_SCHEDULED_TABLE_ACTIONS,
      indexName: SCHEDULED_TABLE.byGroupDueIndex.name,
      indexActions: RELEASE_INDEX_ACTIONS,
    });
    release.fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ["sqs:SendMessage"], resources: this.queueArns() }),
    );
    return release;
  }

  /** The configured FIFO queues' ARNs (`<stack>-<name>.fifo`): where releases and ticks send. */
  private queueArns(): string[] {
    const stack = Stack.of(this);
    return this.props.queues.map(
      ({ name }) =>
        `arn:${stack.partition}:sqs:${stack.region}:${stack.account}:${queueNames(name, this.props.stackName).queue}`,
    );
  }

  /**
   * The API's side: its environment, the table, the delay queue, one-time schedules in the group, and PassRole
   * of the Scheduler role — all by name (the API lives in the app stack, this construct in a nested one).
   */
  grantApi(api: FifoqFunction): void {
    const names = timeResourceNames(this.props.stackName);
    const arn = (service: string, region: boolean, resource: string) =>
      `arn:${Aws.PARTITION}:${service}:${region ? Aws.REGION : ""}:${Aws.ACCOUNT_ID}:${resource}`;
    const delayQueueArn = arn("sqs", true, names.delayQueue);
    const schedulerRoleArn = arn("iam", false, `role/${names.schedulerRole}`);
    const environment = timeApiEnvironment({
      scheduledTable: names.scheduledTable,
      delayQueueUrl: `https://sqs.${Aws.REGION}.${Aws.URL_SUFFIX}/${Aws.ACCOUNT_ID}/${names.delayQueue}`,
      delayQueueArn,
      schedulerGroup: this.props.stackName,
      schedulerRoleArn,
      tickTargetArn: arn("lambda", true, `function:${names.releaseFunction}`),
      tickDeadLetterArn: arn("sqs", true, names.tickDeadLetterQueue),
    });
    for (const [name, value] of Object.entries(environment)) api.fn.addEnvironment(name, value);
    const scheduledTableArn = arn("dynamodb", true, `table/${names.scheduledTable}`);
    grantTableActions({
      grantee: api.fn,
      actions: API_SCHEDULED_TABLE_ACTIONS,
      resourceArns: [scheduledTableArn],
    });
    grantTableActions({
      grantee: api.fn,
      actions: API_SCHEDULE_RECORD_ACTIONS,
      resourceArns: [scheduledTableArn],
      conditions: leadingKeysLike(SCHEDULED_TABLE.schedulesPartition),
    });
    api.fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ["sqs:SendMessage"], resources: [delayQueueArn] }),
    );
    api.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: API_SCHEDULER_ACTIONS,
        resources: [arn("scheduler", true, `schedule/${this.props.stackName}/*`)],
      }),
    );
    api.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ["iam:PassRole"],
        resources: [schedulerRoleArn],
        conditions: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
      }),
    );
    const policy = api.role.node.tryFindChild("DefaultPolicy");
    if (policy) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${this.props.stackName}/*]`,
        reason:
          "One-time schedules are named per delayed message (<scheduledId>-<queue>) and cron schedules by the operator (PUT /schedules/{name}), so the API may create, update and delete any schedule, but only in the stack's own schedule group; one-time ones delete themselves after they fire.",
      });
    }
  }
}
