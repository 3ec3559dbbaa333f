import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { buildTestStack, queueConfig, SYNTH_TIMEOUT_MS, testConfig } from "./support/fifoq-test-stack";
import {
  actionsOn,
  arnOf,
  functionProps,
  logicalIdOf,
  permissionsOf,
  queueId,
  resourcesFor,
  roleIdOf,
  statementsOf,
} from "./support/template-queries";

const ORDERS = "fifoq consumer of orders.fifo";
const AUDIT = "fifoq consumer of audit-log.fifo";

describe("FifoQueueConsumer in the stack", () => {
  let template: Template;
  const ids = { orders: "", ordersDlq: "", audit: "", auditDlq: "", idempotency: "" };

  beforeAll(() => {
    // Arrange: two queues: one high-throughput with content-based dedup, one standard FIFO without idempotency
    const config = testConfig({
      queues: [
        queueConfig({
          name: "orders",
          batchSize: 5,
          maxConcurrency: 7,
          maxReceiveCount: 3,
          functionTimeoutSeconds: 30,
          visibilityTimeoutSeconds: 200,
          retentionSeconds: 86_400,
          memorySizeMb: 512,
          contentBasedDeduplication: true,
          highThroughput: true,
          idempotencyWindowSeconds: 3_600,
          commitIntervalMs: 500,
          effectTables: ["orders-ledger", "inventory"],
          retry: { minSeconds: 2, maxSeconds: 120 },
        }),
        queueConfig({
          name: "audit-log",
          highThroughput: false,
          idempotencyWindowSeconds: false,
          retry: false,
        }),
      ],
    });
    // Act: the stack is synthesized
    template = buildTestStack({ config }).template();
    ids.orders = queueId(template, "orders.fifo");
    ids.ordersDlq = queueId(template, "orders-dlq.fifo");
    ids.audit = queueId(template, "audit-log.fifo");
    ids.auditDlq = queueId(template, "audit-log-dlq.fifo");
    ids.idempotency = logicalIdOf(template, "AWS::DynamoDB::Table", (props) =>
      JSON.stringify(props.KeySchema).includes('"pk"'),
    );
  }, SYNTH_TIMEOUT_MS);

  it("creates the FIFO queue with the configured attributes and SQS-managed encryption", () => {
    template.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "orders.fifo",
      FifoQueue: true,
      ContentBasedDeduplication: true,
      DeduplicationScope: "messageGroup",
      FifoThroughputLimit: "perMessageGroupId",
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 200,
      MessageRetentionPeriod: 86_400,
      RedrivePolicy: { deadLetterTargetArn: { "Fn::GetAtt": [ids.ordersDlq, "Arn"] }, maxReceiveCount: 3 },
    });
  });

  it("leaves dedup scope and throughput limit at the queue level when high throughput is off", () => {
    template.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "audit-log.fifo",
      ContentBasedDeduplication: false,
      DeduplicationScope: Match.absent(),
      FifoThroughputLimit: Match.absent(),
      VisibilityTimeout: 180,
    });
  });

  it("gives each queue a FIFO dead-letter queue kept 14 days, encrypted like its source", () => {
    template.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "orders-dlq.fifo",
      FifoQueue: true,
      SqsManagedSseEnabled: true,
      ContentBasedDeduplication: true,
      MessageRetentionPeriod: 1_209_600,
      RedrivePolicy: Match.absent(),
    });
  });

  it.each([
    ["orders.fifo", "orders"],
    ["orders-dlq.fifo", "ordersDlq"],
  ] as const)("denies requests to %s that do not use TLS", (_name, key) => {
    template.hasResourceProperties("AWS::SQS::QueuePolicy", {
      Queues: [{ Ref: ids[key] }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Action: "sqs:*",
            Principal: { AWS: "*" },
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ]),
      },
    });
  });

  it("maps the queue to its consumer with partial batch failures, batch size and maximum concurrency", () => {
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: { "Fn::GetAtt": [ids.orders, "Arn"] },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      BatchSize: 5,
      ScalingConfig: { MaximumConcurrency: 7 },
      MaximumBatchingWindowInSeconds: Match.absent(),
    });
  });

  it("runs the consumer on Node.js 22 arm64 with the configured memory and timeout and its own log group", () => {
    expect(functionProps(template, ORDERS)).toMatchObject({
      Runtime: "nodejs22.x",
      Architectures: ["arm64"],
      Handler: "index.handler",
      MemorySize: 512,
      Timeout: 30,
      LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
    });
    template.allResourcesProperties("AWS::Logs::LogGroup", { RetentionInDays: 30 });
  });

  it("tells the consumer its queue, dead-letter queue and idempotency settings", () => {
    const variables = (functionProps(template, ORDERS).Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(variables).toMatchObject({
      FIFOQ_QUEUE_NAME: "orders",
      FIFOQ_QUEUE_URL: { Ref: ids.orders },
      FIFOQ_DLQ_URL: { Ref: ids.ordersDlq },
      FIFOQ_IDEMPOTENCY_TABLE: { Ref: ids.idempotency },
      FIFOQ_IDEMPOTENCY_WINDOW_SECONDS: "3600",
      FIFOQ_DEDUP_SCOPE: "messageGroup",
      FIFOQ_COMMIT_INTERVAL_MS: "500",
      FIFOQ_EFFECT_TABLES: "orders-ledger,inventory",
      FIFOQ_RETRY_MIN_SECONDS: "2",
      FIFOQ_RETRY_MAX_SECONDS: "120",
    });
    const audit = functionProps(template, AUDIT).Environment as { Variables: Record<string, unknown> };
    expect(audit.Variables.FIFOQ_IDEMPOTENCY_WINDOW_SECONDS).toBe("0");
    expect(audit.Variables.FIFOQ_DEDUP_SCOPE).toBe("queue");
    expect(audit.Variables.FIFOQ_EFFECT_TABLES).toBeUndefined();
    expect(audit.Variables).not.toHaveProperty("FIFOQ_RETRY_MIN_SECONDS");
    expect(audit.Variables).not.toHaveProperty("FIFOQ_RETRY_MAX_SECONDS");
  });

  it("grants the retry backoff's ChangeMessageVisibility on its own queue in a statement of its own", () => {
    // The event source mapping's consume grant includes the action too; the runtime's call must not rely on it
    expect(statementsOf(template, ORDERS, "sqs:")).toContainEqual({
      actions: ["sqs:ChangeMessageVisibility"],
      resources: [arnOf(ids.orders)],
    });
    const own = statementsOf(template, AUDIT, "sqs:").filter(
      (statement) => statement.actions.length === 1 && statement.actions[0] === "sqs:ChangeMessageVisibility",
    );
    expect(own).toEqual([]);
  });

  it("lets the consumer send only to its own dead-letter queue", () => {
    const permissions = permissionsOf(template, ORDERS);
    expect(resourcesFor(permissions, "sqs:SendMessage")).toEqual([arnOf(ids.ordersDlq)]);
    expect(actionsOn(permissions, arnOf(ids.ordersDlq))).toEqual(["sqs:SendMessage"]);
  });

  it("lets the consumer consume its own queue and nothing else", () => {
    const permissions = permissionsOf(template, ORDERS);
    expect(actionsOn(permissions, arnOf(ids.orders))).toEqual([
      "sqs:ChangeMessageVisibility",
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
      "sqs:ReceiveMessage",
    ]);
    expect(resourcesFor(permissions, "sqs:ReceiveMessage")).toEqual([arnOf(ids.orders)]);
  });

  it("lets the consumer use exactly its adapters' commands on the idempotency table and its effect tables", () => {
    // claims, take-overs, reads: PartiQL INSERT, UPDATE, SELECT in BatchExecuteStatement; commits, aborts and
    // a record's completion inside its transaction: UpdateItem; failure log: BatchWriteItem
    const tableArn = (name: string) =>
      JSON.stringify({
        "Fn::Join": [
          "",
          [
            "arn:",
            { Ref: "AWS::Partition" },
            ":dynamodb:",
            { Ref: "AWS::Region" },
            ":",
            { Ref: "AWS::AccountId" },
            `:table/${name}`,
          ],
        ],
      });
    expect(statementsOf(template, ORDERS, "dynamodb:")).toEqual([
      {
        actions: [
          "dynamodb:BatchWriteItem",
          "dynamodb:PartiQLInsert",
          "dynamodb:PartiQLSelect",
          "dynamodb:PartiQLUpdate",
          "dynamodb:UpdateItem",
        ],
        resources: [arnOf(ids.idempotency)],
      },
      {
        // the staged writes of context.transaction: Put, Update, Delete and ConditionCheck actions
        actions: [
          "dynamodb:ConditionCheckItem",
          "dynamodb:DeleteItem",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
        ],
        resources: [tableArn("inventory"), tableArn("orders-ledger")],
      },
    ]);
  });

  it("still lets a consumer without idempotency write its failure log to the idempotency table", () => {
    const permissions = permissionsOf(template, AUDIT);
    const dynamo = [
      ...new Set(permissions.filter((p) => p.action.startsWith("dynamodb:")).map((p) => p.resource)),
    ];
    expect(dynamo).toEqual([arnOf(ids.idempotency)]);
    expect(actionsOn(permissions, arnOf(ids.idempotency))).toContain("dynamodb:BatchWriteItem");
    expect(resourcesFor(permissions, "sqs:SendMessage")).toEqual([arnOf(ids.auditDlq)]);
  });

  it("gives consumer roles no managed policies (log writes are granted on the function's own log group)", () => {
    const roles = template.findResources("AWS::IAM::Role");
    for (const description of [ORDERS, AUDIT]) {
      expect(roles[roleIdOf(template, description)]?.Properties?.ManagedPolicyArns).toBeUndefined();
    }
    const logs = permissionsOf(template, ORDERS).filter((p) => p.action.startsWith("logs:"));
    expect(logs.map((p) => p.action).sort()).toEqual(["logs:CreateLogStream", "logs:PutLogEvents"]);
  });
});
