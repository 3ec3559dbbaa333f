import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { queueConfig, testConfig, useBuiltStack } from "./support/fifoq-test-stack";
import * as queries from "./support/template-queries";

const RECORDER = "fifoq dead-letter recorder of FifoqTest-orders-dlq.fifo";
const AUDIT_RECORDER = "fifoq dead-letter recorder of FifoqTest-audit-log-dlq.fifo";

describe("DeadLetterRecorder (one per queue, on its dead-letter queue, in the queue's nested stack)", () => {
  const built = useBuiltStack({
    config: testConfig({ queues: [queueConfig({ name: "orders" }), queueConfig({ name: "audit-log" })] }),
  });
  let template: Template;
  let audit: Template;
  const ids = { dlq: "", deadLetters: "", idempotency: "" };

  beforeAll(() => {
    template = built.queueTemplate("orders");
    audit = built.queueTemplate("audit-log");
    ids.dlq = queries.queueId(template, "FifoqTest-orders-dlq.fifo");
    ids.deadLetters = queries.parameterRef(template, /DeadLetters.*Arn$/);
    ids.idempotency = queries.parameterRef(template, /Idempotency.*Arn$/);
  });

  it("consumes the dead-letter queue with partial batch failures and little concurrency", () => {
    // Assert
    template.hasResourceProperties(
      "AWS::Lambda::EventSourceMapping",
      queries.sqsMappingProps(ids.dlq, 10, 2),
    );
  });

  it("gives the dead-letter queue a visibility timeout of 6 × the recorder's timeout", () => {
    // Assert
    expect(queries.functionProps(template, RECORDER).Timeout).toBe(30);
    template.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "FifoqTest-orders-dlq.fifo",
      VisibilityTimeout: 180,
    });
  });

  it("runs on Node.js 22 arm64 and knows its logical queue name and both tables", () => {
    // Assert
    expect(queries.functionProps(template, RECORDER)).toMatchObject({
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      Environment: {
        Variables: {
          FIFOQ_QUEUE_NAME: "orders",
          FIFOQ_DEAD_LETTER_TABLE: JSON.parse(queries.parameterRef(template, /DeadLetters.*Ref$/)),
          FIFOQ_IDEMPOTENCY_TABLE: JSON.parse(queries.parameterRef(template, /Idempotency.*Ref$/)),
        },
      },
    });
    template.hasResourceProperties("AWS::Logs::LogGroup", {
      LogGroupName: "/fifoq/FifoqTest/orders/dead-letter-recorder",
    });
  });

  it("may only PutItem and UpdateItem its own queue's records and GetItem its own queue's failure-log entries", () => {
    // Arrange: the recorder code: putIfAbsent (PutItem + the count UpdateItem, one transaction) on the dead-letter table, failure-log lookup (GetItem)
    expect(queries.statementsOf(template, RECORDER, "dynamodb:")).toEqual([
      {
        actions: ["dynamodb:PutItem", "dynamodb:UpdateItem"],
        resources: [ids.deadLetters],
        condition: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["orders"] },
          Null: { "dynamodb:LeadingKeys": "false" },
        },
      },
      {
        actions: ["dynamodb:GetItem"],
        resources: [ids.idempotency],
        condition: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["f#orders#*"] },
          Null: { "dynamodb:LeadingKeys": "false" },
        },
      },
    ]);
  });

  it("scopes each queue's recorder to that queue's partition keys", () => {
    // Arrange
    const conditions = queries.statementsOf(audit, AUDIT_RECORDER, "dynamodb:").map((s) => s.condition);

    // Assert
    expect(conditions).toEqual([
      {
        "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["audit-log"] },
        Null: { "dynamodb:LeadingKeys": "false" },
      },
      {
        "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["f#audit-log#*"] },
        Null: { "dynamodb:LeadingKeys": "false" },
      },
    ]);
  });

  it("consumes its own dead-letter queue and sends to no queue", () => {
    // Arrange
    const permissions = queries.permissionsOf(template, RECORDER);
    const sqs = [...new Set(permissions.filter((p) => p.action.startsWith("sqs:")).map((p) => p.resource))];

    // Assert
    expect(sqs).toEqual([queries.arnOf(ids.dlq)]);
    expect(permissions.map((p) => p.action)).not.toContain("sqs:SendMessage");
  });

  it("is not given the dead-letter table's indexes", () => {
    const resources = queries.permissionsOf(template, RECORDER).map((p) => p.resource);
    expect(resources.some((resource) => resource.includes("/index/"))).toBe(false);
  });
});
