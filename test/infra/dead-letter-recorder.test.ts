import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { buildTestStack, queueConfig, SYNTH_TIMEOUT_MS, testConfig } from "./support/fifoq-test-stack";
import {
  arnOf,
  functionProps,
  logicalIdOf,
  permissionsOf,
  queueId,
  statementsOf,
} from "./support/template-queries";

const RECORDER = "fifoq dead-letter recorder of orders-dlq.fifo";
const AUDIT_RECORDER = "fifoq dead-letter recorder of audit-log-dlq.fifo";

describe("DeadLetterRecorder (one per queue, on its dead-letter queue)", () => {
  let template: Template;
  const ids = { dlq: "", deadLetters: "", idempotency: "" };

  beforeAll(() => {
    const config = testConfig({
      queues: [queueConfig({ name: "orders" }), queueConfig({ name: "audit-log" })],
    });
    template = buildTestStack({ config }).template();
    ids.dlq = queueId(template, "orders-dlq.fifo");
    const table = (key: string) =>
      logicalIdOf(template, "AWS::DynamoDB::Table", (props) => JSON.stringify(props.KeySchema).includes(key));
    ids.deadLetters = table('"queue"');
    ids.idempotency = table('"pk"');
  }, SYNTH_TIMEOUT_MS);

  it("consumes the dead-letter queue with partial batch failures and little concurrency", () => {
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: { "Fn::GetAtt": [ids.dlq, "Arn"] },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it("gives the dead-letter queue a visibility timeout of 6 × the recorder's timeout", () => {
    expect(functionProps(template, RECORDER).Timeout).toBe(30);
    template.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "orders-dlq.fifo",
      VisibilityTimeout: 180,
    });
  });

  it("runs on Node.js 22 arm64 and knows its queue and both tables", () => {
    expect(functionProps(template, RECORDER)).toMatchObject({
      Runtime: "nodejs22.x",
      Architectures: ["arm64"],
      Environment: {
        Variables: {
          FIFOQ_QUEUE_NAME: "orders",
          FIFOQ_DEAD_LETTER_TABLE: { Ref: ids.deadLetters },
          FIFOQ_IDEMPOTENCY_TABLE: { Ref: ids.idempotency },
        },
      },
    });
  });

  it("may only PutItem its own queue's records and GetItem its own queue's failure-log entries", () => {
    // Arrange: the recorder code: putIfAbsent (PutItem) on the dead-letter table, failure-log lookup (GetItem)
    expect(statementsOf(template, RECORDER, "dynamodb:")).toEqual([
      {
        actions: ["dynamodb:PutItem"],
        resources: [arnOf(ids.deadLetters)],
        condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["orders"] } },
      },
      {
        actions: ["dynamodb:GetItem"],
        resources: [arnOf(ids.idempotency)],
        condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["f#orders#*"] } },
      },
    ]);
  });

  it("scopes each queue's recorder to that queue's partition keys", () => {
    const conditions = statementsOf(template, AUDIT_RECORDER, "dynamodb:").map((s) => s.condition);
    expect(conditions).toEqual([
      { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["audit-log"] } },
      { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["f#audit-log#*"] } },
    ]);
  });

  it("consumes its own dead-letter queue and sends to no queue", () => {
    const permissions = permissionsOf(template, RECORDER);
    const sqs = [...new Set(permissions.filter((p) => p.action.startsWith("sqs:")).map((p) => p.resource))];
    expect(sqs).toEqual([arnOf(ids.dlq)]);
    expect(permissions.map((p) => p.action)).not.toContain("sqs:SendMessage");
  });

  it("is not given the dead-letter table's indexes", () => {
    const resources = permissionsOf(template, RECORDER).map((p) => p.resource);
    expect(resources.some((resource) => resource.includes("/index/"))).toBe(false);
  });
});
