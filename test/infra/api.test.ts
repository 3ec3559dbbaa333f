import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { buildTestStack, queueConfig, SYNTH_TIMEOUT_MS, testConfig } from "./support/fifoq-test-stack";
import {
  actionsOn,
  arnOf,
  functionId,
  functionProps,
  indexArnOf,
  logicalIdOf,
  permissionsOf,
  queueId,
  renderJoin,
  resourcesFor,
  statementsOf,
} from "./support/template-queries";

const API = "fifoq producer and dead-letter API";

const config = testConfig({
  queues: [
    queueConfig({ name: "orders", contentBasedDeduplication: true }),
    queueConfig({ name: "audit-log" }),
  ],
  api: { rateLimit: 50, burstLimit: 80 },
});

describe("FifoqApi", () => {
  let template: Template;
  const ids = { orders: "", ordersDlq: "", audit: "", auditDlq: "", deadLetters: "", idempotency: "" };

  beforeAll(() => {
    template = buildTestStack({ config }).template();
    ids.orders = queueId(template, "orders.fifo");
    ids.ordersDlq = queueId(template, "orders-dlq.fifo");
    ids.audit = queueId(template, "audit-log.fifo");
    ids.auditDlq = queueId(template, "audit-log-dlq.fifo");
    const table = (key: string) =>
      logicalIdOf(template, "AWS::DynamoDB::Table", (props) => JSON.stringify(props.KeySchema).includes(key));
    ids.deadLetters = table('"queue"');
    ids.idempotency = table('"pk"');
  }, SYNTH_TIMEOUT_MS);

  it("is a regional REST API whose / and /{proxy+} ANY methods proxy to the API function with an API key", () => {
    template.hasResourceProperties("AWS::ApiGateway::RestApi", {
      EndpointConfiguration: { Types: ["REGIONAL"] },
      ApiKeySourceType: "HEADER",
    });
    template.hasResourceProperties("AWS::ApiGateway::Resource", { PathPart: "{proxy+}" });
    const methods = Object.values(template.findResources("AWS::ApiGateway::Method")).filter(
      (method) => method.Properties.HttpMethod === "ANY",
    );
    expect(methods).toHaveLength(2);
    const handler = functionId(template, API);
    for (const method of methods) {
      expect(method.Properties).toMatchObject({
        HttpMethod: "ANY",
        ApiKeyRequired: true,
        AuthorizationType: "NONE",
      });
      expect(method.Properties.Integration.Type).toBe("AWS_PROXY");
      expect(JSON.stringify(method.Properties.Integration.Uri)).toContain(handler);
    }
  });

  it("serves the web console at GET /console and GET /console/{file} from the same function, without a key", () => {
    const resources = template.findResources("AWS::ApiGateway::Resource");
    const idOf = (part: string) =>
      Object.keys(resources).find((id) => resources[id]?.Properties.PathPart === part);
    const page = idOf("console");
    const file = idOf("{file}");
    expect(resources[file ?? ""]?.Properties.ParentId).toEqual({ Ref: page });
    const methods = Object.values(template.findResources("AWS::ApiGateway::Method")).filter(
      (method) => method.Properties.HttpMethod !== "ANY",
    );
    expect(methods.map((method) => method.Properties.ResourceId)).toEqual([{ Ref: page }, { Ref: file }]);
    for (const method of methods) {
      expect(method.Properties).toMatchObject({
        HttpMethod: "GET",
        ApiKeyRequired: false,
        AuthorizationType: "NONE",
      });
      expect(method.Properties.Integration.Type).toBe("AWS_PROXY");
      expect(JSON.stringify(method.Properties.Integration.Uri)).toContain(functionId(template, API));
    }
  });

  it("serves stage v1 with JSON access logs and error-level execution logs without request data", () => {
    template.hasResourceProperties("AWS::ApiGateway::Stage", {
      StageName: "v1",
      AccessLogSetting: {
        DestinationArn: { "Fn::GetAtt": [Match.anyValue(), "Arn"] },
        Format: Match.stringLikeRegexp('"status":"\\$context.status"'),
      },
      MethodSettings: [
        Match.objectLike({
          LoggingLevel: "ERROR",
          DataTraceEnabled: false,
          HttpMethod: "*",
          ResourcePath: "/*",
        }),
      ],
    });
    const format = Object.values(template.findResources("AWS::ApiGateway::Stage"))[0]?.Properties
      .AccessLogSetting.Format;
    expect(format).not.toContain('$context.identity.apiKey"');
  });

  it("bounds the execution logs API Gateway writes by creating their group, with a retention, first", () => {
    const group = logicalIdOf(template, "AWS::Logs::LogGroup", (props) =>
      renderJoin(props.LogGroupName ?? "").startsWith("API-Gateway-Execution-Logs_"),
    );
    template.hasResource("AWS::ApiGateway::Stage", { DependsOn: Match.arrayWith([group]) });
  });

  it("throttles each API key with the configured usage plan on stage v1", () => {
    template.hasResourceProperties("AWS::ApiGateway::UsagePlan", {
      Throttle: { RateLimit: 50, BurstLimit: 80 },
      ApiStages: [Match.objectLike({ Stage: { Ref: Match.stringLikeRegexp("Stagev1") } })],
    });
    template.hasResourceProperties("AWS::ApiGateway::UsagePlanKey", { KeyType: "API_KEY" });
    template.resourceCountIs("AWS::ApiGateway::ApiKey", 1);
  });

  it("tells the API function every queue's URL, dead-letter queue URL and dedup mode, and the table", () => {
    const variables = (functionProps(template, API).Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(JSON.parse(renderJoin(variables.FIFOQ_QUEUES))).toEqual({
      orders: { url: `<${ids.orders}>`, dlqUrl: `<${ids.ordersDlq}>`, contentBasedDeduplication: true },
      "audit-log": { url: `<${ids.audit}>`, dlqUrl: `<${ids.auditDlq}>`, contentBasedDeduplication: false },
    });
    expect(variables.FIFOQ_DEAD_LETTER_TABLE).toEqual({ Ref: ids.deadLetters });
  });

  it("runs the API function on Node.js 22 arm64", () => {
    expect(functionProps(template, API)).toMatchObject({ Runtime: "nodejs22.x", Architectures: ["arm64"] });
  });

  it("lets the API function send (and redrive) to the source queues only, never to a dead-letter queue", () => {
    const permissions = permissionsOf(template, API);
    expect(resourcesFor(permissions, "sqs:SendMessage")).toEqual(
      [arnOf(ids.audit), arnOf(ids.orders)].sort(),
    );
    for (const dlq of [ids.ordersDlq, ids.auditDlq]) {
      expect(actionsOn(permissions, arnOf(dlq))).toEqual(["sqs:GetQueueAttributes"]);
    }
  });

  it("lets the API function read the attributes of every queue and dead-letter queue (depth for GET /queues)", () => {
    const permissions = permissionsOf(template, API);
    expect(resourcesFor(permissions, "sqs:GetQueueAttributes")).toEqual(
      [ids.audit, ids.auditDlq, ids.orders, ids.ordersDlq].map(arnOf).sort(),
    );
    const sqsActions = [
      ...new Set(permissions.filter((p) => p.action.startsWith("sqs:")).map((p) => p.action)),
    ];
    expect(sqsActions.sort()).toEqual(["sqs:GetQueueAttributes", "sqs:SendMessage"]);
  });

  it("lets the API function use the dead-letter store's commands on that table and its byTime index only", () => {
    // get/re-read: GetItem; redrive and discard: UpdateItem; countNew: Query; list: Query on byTime
    expect(statementsOf(template, API, "dynamodb:")).toEqual([
      {
        actions: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem"],
        resources: [arnOf(ids.deadLetters)],
      },
      { actions: ["dynamodb:Query"], resources: [indexArnOf(ids.deadLetters, "byTime")] },
    ]);
  });

  it("outputs the API URL, the API key id and the command that prints the key", () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const keyId = logicalIdOf(template, "AWS::ApiGateway::ApiKey", () => true);
    expect(renderJoin(outputs.ApiUrl?.Value)).toMatch(
      /^https:\/\/<\w+>\.execute-api\.<AWS::Region>\.<AWS::URLSuffix>\/<\w+>\/$/,
    );
    expect(outputs.ApiKeyId?.Value).toEqual({ Ref: keyId });
    expect(renderJoin(outputs.GetApiKeyCommand?.Value)).toBe(
      `aws apigateway get-api-key --api-key <${keyId}> --include-value --query value --output text`,
    );
  });

  it("outputs every queue URL, dead-letter queue URL and table name", () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs).toMatchObject({
      OrdersQueueUrl: { Value: { Ref: ids.orders } },
      OrdersDlqUrl: { Value: { Ref: ids.ordersDlq } },
      AuditLogQueueUrl: { Value: { Ref: ids.audit } },
      AuditLogDlqUrl: { Value: { Ref: ids.auditDlq } },
      IdempotencyTableName: { Value: { Ref: ids.idempotency } },
      DeadLetterTableName: { Value: { Ref: ids.deadLetters } },
    });
  });
});

describe("FifoqApi with apiKeyRequired: false", () => {
  it(
    "does not require an API key on any method",
    () => {
      const template = buildTestStack({ config, props: { apiKeyRequired: false } }).template();
      const methods = Object.values(template.findResources("AWS::ApiGateway::Method"));
      expect(methods.map((method) => method.Properties.ApiKeyRequired)).toEqual([false, false, false, false]);
    },
    SYNTH_TIMEOUT_MS,
  );
});
