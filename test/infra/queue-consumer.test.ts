import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { queueConfig, testConfig, useBuiltStack } from "./support/fifoq-test-stack";
import {
  actionsOn,
  arnOf,
  functionProps,
  parameterRef,
  permissionsOf,
  queueId,
  resourcesFor,
  roleIdOf,
  sqsMappingProps,
  statementsOf,
} from "./support/template-queries";

const ORDERS = "fifoq consumer of FifoqTest-orders.fifo";
const AUDIT = "fifoq consumer of FifoqTest-audit-log.fifo";

describe("FifoQueueConsumer in the stack (each queue in its own nested stack)", () => {
  // Arrange: two queues: one high-throughput with content-based dedup, one standard FIFO without idempotency
  // Act: the stack is synthesized (before the tests)
  const built = useBuiltStack({
    config: testConfig({
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
          effectTables: ["orders-ledger", { name: "inventory", partitionKey: { name: "sku", type: "S" } }],
          retry: { minSeconds: 2, maxSeconds: 120 },
        }),
        queueConfig({
          name: "audit-log",
          highThroughput: false,
          idempotencyWindowSeconds: false,
          retry: false,
        }),
      ],
    }),
  });
  let template: Template;
  let audit: Template;
  const ids = { orders: "", ordersDlq: "", audit: "", auditDlq: "", idempotency: "", auditIdempotency: "" };

  beforeAll(() => {
    template = built.queueTemplate("orders");
    audit = built.queueTemplate("audit-log");
    ids.orders = queueId(template, "FifoqTest-orders.fifo");
    ids.ordersDlq = queueId(template, "FifoqTest-orders-dlq.fifo");
    ids.audit = queueId(audit, "FifoqTest-audit-log.fifo");
    ids.auditDlq = queueId(audit, "FifoqTest-audit-log-dlq.fifo");
    // The shared table lives in the app stack and arrives as a parameter
    ids.idempotency = parameterRef(template, /Idempotency.*Arn$/);
    ids.auditIdempotency = parameterRef(audit, /Idempotency.*Arn$/);
  });

  it("names the queues after the stack and the queue, so stages share an account and region", () => {
    template.resourceCountIs("AWS::SQS::Queue", 2);
    expect(ids.orders).not.toBe("");
    expect(ids.ordersDlq).not.toBe("");
  });

  it("creates the FIFO queue with the configured attributes and SQS-managed encryption", () => {
    // Assert
    template.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "FifoqTest-orders.fifo",
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
    // Assert
    audit.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "FifoqTest-audit-log.fifo",
      ContentBasedDeduplication: false,
      DeduplicationScope: Match.absent(),
      FifoThroughputLimit: Match.absent(),
      VisibilityTimeout: 180,
    });
  });

  it("gives each queue a FIFO dead-letter queue kept 14 days, encrypted like its source", () => {
    // Assert
    template.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "FifoqTest-orders-dlq.fifo",
      FifoQueue: true,
      SqsManagedSseEnabled: true,
      ContentBasedDeduplication: true,
      MessageRetentionPeriod: 1_209_600,
      RedrivePolicy: Match.absent(),
    });
  });

  it.each([
    ["FifoqTest-orders.fifo", "orders"],
    ["FifoqTest-orders-dlq.fifo", "ordersDlq"],
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
    // Assert
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      ...sqsMappingProps(ids.orders, 5, 7),
      MaximumBatchingWindowInSeconds: Match.absent(),
    });
  });

  it("runs the consumer on Node.js 22 arm64 with the configured memory and timeout and its own log group /fifoq/<stack>/<queue>/consumer", () => {
    // Assert
    expect(functionProps(template, ORDERS)).toMatchObject({
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      Handler: "index.handler",
      MemorySize: 512,
      Timeout: 30,
      LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
    });
    template.allResourcesProperties("AWS::Logs::LogGroup", { RetentionInDays: 30 });
    template.hasResource("AWS::Logs::LogGroup", {
      Properties: { LogGroupName: "/fifoq/FifoqTest/orders/consumer" },
      DeletionPolicy: "Delete",
    });
  });

  it("tells the consumer its logical queue name, dead-letter queue, idempotency settings and stack", () => {
    // Arrange
    const variables = (functionProps(template, ORDERS).Environment as { Variables: Record<string, unknown> })
      .Variables;

    // Assert
    expect(variables).toMatchObject({
      FIFOQ_QUEUE_NAME: "orders",
      FIFOQ_QUEUE_URL: { Ref: ids.orders },
      FIFOQ_DLQ_URL: { Ref: ids.ordersDlq },
      FIFOQ_IDEMPOTENCY_TABLE: JSON.parse(parameterRef(template, /Idempotency.*Ref$/)),
      FIFOQ_IDEMPOTENCY_WINDOW_SECONDS: "3600",
      FIFOQ_STACK_NAME: "FifoqTest",
      FIFOQ_DEDUP_SCOPE: "messageGroup",
      FIFOQ_COMMIT_INTERVAL_MS: "500",
      FIFOQ_EFFECT_TABLES: "orders-ledger=orders-ledger,inventory=FifoqTest-inventory",
      FIFOQ_RETRY_MIN_SECONDS: "2",
      FIFOQ_RETRY_MAX_SECONDS: "120",
    });

    // Assert: the audit-log consumer, without idempotency or retry
    const auditEnv = functionProps(audit, AUDIT).Environment as { Variables: Record<string, unknown> };
    expect(auditEnv.Variables.FIFOQ_IDEMPOTENCY_WINDOW_SECONDS).toBe("0");
    expect(auditEnv.Variables.FIFOQ_DEDUP_SCOPE).toBe("queue");
    expect(auditEnv.Variables.FIFOQ_EFFECT_TABLES).toBeUndefined();
    expect(auditEnv.Variables).not.toHaveProperty("FIFOQ_RETRY_MIN_SECONDS");
    expect(auditEnv.Variables).not.toHaveProperty("FIFOQ_RETRY_MAX_SECONDS");
  });

  it("grants the retry backoff's ChangeMessageVisibility on its own queue in a statement of its own", () => {
    // Assert
    // The event source mapping's consume grant includes the action too; the runtime's call must not rely on it
    expect(statementsOf(template, ORDERS, "sqs:")).toContainEqual({
      actions: ["sqs:ChangeMessageVisibility"],
      resources: [arnOf(ids.orders)],
    });
    const own = statementsOf(audit, AUDIT, "sqs:").filter(
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
    // Arrange
    const permissions = permissionsOf(template, ORDERS);

    // Assert
    expect(actionsOn(permissions, arnOf(ids.orders))).toEqual([
      "sqs:ChangeMessageVisibility",
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
      "sqs:ReceiveMessage",
    ]);
    expect(resourcesFor(permissions, "sqs:ReceiveMessage")).toEqual([arnOf(ids.orders)]);
  });

  it("lets the consumer use exactly its adapters' commands on its own queue's items of the idempotency table and on its effect tables", () => {
    // claims, take-overs, reads: PartiQL INSERT, UPDATE, SELECT in BatchExecuteStatement; commits, aborts and
    // a record's completion inside its transaction: UpdateItem; failure log: BatchWriteItem

    // Arrange
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

    // Assert
    expect(statementsOf(template, ORDERS, "dynamodb:")).toEqual([
      {
        actions: [
          "dynamodb:BatchWriteItem",
          "dynamodb:PartiQLInsert",
          "dynamodb:PartiQLSelect",
          "dynamodb:PartiQLUpdate",
          "dynamodb:UpdateItem",
        ],
        resources: [ids.idempotency],
        condition: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["c#orders#*", "b#orders#*", "f#orders#*"] },
          Null: { "dynamodb:LeadingKeys": "false" },
        },
      },
      {
        // the staged writes of context.transaction: Put, Update, Delete and ConditionCheck actions
        actions: [
          "dynamodb:ConditionCheckItem",
          "dynamodb:DeleteItem",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
        ],
        resources: [tableArn("FifoqTest-inventory"), tableArn("orders-ledger")],
      },
    ]);
  });

  it("creates a declared effect table in the app stack, named after the stack, with its keys; a bare name is not created", () => {
    // Arrange
    const tables = built.template().findResources("AWS::DynamoDB::Table");

    // Act
    const named = Object.values(tables).map(
      (table) => (table.Properties as { TableName?: string }).TableName,
    );

    // Assert
    built.template().hasResourceProperties("AWS::DynamoDB::Table", {
      TableName: "FifoqTest-inventory",
      KeySchema: [{ AttributeName: "sku", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "sku", AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
      SSESpecification: { SSEEnabled: true },
    });
    expect(named).not.toContain("orders-ledger");
    expect(Object.values(tables).map((table) => table.DeletionPolicy)).toEqual([
      "Retain",
      "Retain",
      "Retain",
    ]);
  });

  it("keeps each consumer to its own queue's keys, so queue A's consumer cannot write queue B's claims", () => {
    // Arrange
    const [statement] = statementsOf(audit, AUDIT, "dynamodb:");

    // Assert
    expect(statement?.condition).toEqual({
      "ForAllValues:StringLike": {
        "dynamodb:LeadingKeys": ["c#audit-log#*", "b#audit-log#*", "f#audit-log#*"],
      },
      Null: { "dynamodb:LeadingKeys": "false" },
    });
  });

  it("still lets a consumer without idempotency write its failure log to the idempotency table", () => {
    // Arrange
    const permissions = permissionsOf(audit, AUDIT);
    const dynamo = [
      ...new Set(permissions.filter((p) => p.action.startsWith("dynamodb:")).map((p) => p.resource)),
    ];

    // Assert
    expect(dynamo).toEqual([ids.auditIdempotency]);
    expect(actionsOn(permissions, ids.auditIdempotency)).toContain("dynamodb:BatchWriteItem");
    expect(resourcesFor(permissions, "sqs:SendMessage")).toEqual([arnOf(ids.auditDlq)]);
  });

  it("gives consumer roles no managed policies (log writes are granted on the function's own log group)", () => {
    // Assert: no consumer role has managed policies
    for (const [queueTemplate, description] of [
      [template, ORDERS],
      [audit, AUDIT],
    ] as const) {
      const roles = queueTemplate.findResources("AWS::IAM::Role");
      expect(roles[roleIdOf(queueTemplate, description)]?.Properties?.ManagedPolicyArns).toBeUndefined();
    }

    // Assert: the consumer may write its own log streams only
    const logs = permissionsOf(template, ORDERS).filter((p) => p.action.startsWith("logs:"));
    expect(logs.map((p) => p.action).sort()).toEqual(["logs:CreateLogStream", "logs:PutLogEvents"]);
  });
});
