import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import {
  buildTestStack,
  queueConfig,
  SYNTH_TIMEOUT_MS,
  testConfig,
  useBuiltStack,
} from "./support/fifoq-test-stack";
import {
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

/** A queue ARN the API's policies build from the queue's SQS name, rendered. */
const sqsArn = (name: string) => `arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:${name}`;

/** The resources a permission list allows `action` on, rendered (`Fn::Join` → text). */
const renderedResourcesFor = (permissions: ReturnType<typeof permissionsOf>, action: string) =>
  resourcesFor(permissions, action)
    .map((resource) => renderJoin(JSON.parse(resource)))
    .sort();

const API = "fifoq producer and dead-letter API";

/**
 * Leaves out the API's rights on delayed messages' resources (the delay queue `FifoqTest-delay`, the table
 * `FifoqTest-scheduled`, the Scheduler's group and role), which `time.test.ts` checks.
 */
const notTime = (grant: { readonly resource?: string; readonly resources?: readonly string[] }): boolean =>
  ![grant.resource ?? "", ...(grant.resources ?? [])].some((resource) =>
    /FifoqTest-(delay|scheduled|scheduler)|schedule\/FifoqTest/.test(resource),
  );

/** Every one of `methods` is `expected` without an authorizer, an AWS_PROXY integration of the API function. */
const expectApiFunctionMethods = (
  template: Template,
  methods: readonly ReturnType<Template["findResources"]>[string][],
  expected: { readonly HttpMethod: string; readonly ApiKeyRequired: boolean },
) => {
  const handler = functionId(template, API);
  for (const method of methods) {
    expect(method.Properties).toMatchObject({ ...expected, AuthorizationType: "NONE" });
    expect(method.Properties.Integration.Type).toBe("AWS_PROXY");
    expect(JSON.stringify(method.Properties.Integration.Uri)).toContain(handler);
  }
};

const config = testConfig({
  queues: [
    queueConfig({ name: "orders", contentBasedDeduplication: true }),
    queueConfig({ name: "audit-log" }),
  ],
  api: { rateLimit: 50, burstLimit: 80 },
});

describe("FifoqApi", () => {
  const built = useBuiltStack({ config });
  let template: Template;
  let ordersTemplate: Template;
  const ids = { orders: "", deadLetters: "", idempotency: "" };

  beforeAll(() => {
    template = built.template();
    ordersTemplate = built.queueTemplate("orders");
    ids.orders = queueId(ordersTemplate, "FifoqTest-orders.fifo");
    const table = (key: string) =>
      logicalIdOf(template, "AWS::DynamoDB::Table", (props) => JSON.stringify(props.KeySchema).includes(key));
    ids.deadLetters = table('"queue"');
    ids.idempotency = table('"pk"');
  });

  it("is a regional REST API whose / and /{proxy+} ANY methods proxy to the API function with an API key", () => {
    // Assert
    template.hasResourceProperties("AWS::ApiGateway::RestApi", {
      EndpointConfiguration: { Types: ["REGIONAL"] },
      ApiKeySourceType: "HEADER",
    });
    template.hasResourceProperties("AWS::ApiGateway::Resource", { PathPart: "{proxy+}" });
    const methods = Object.values(template.findResources("AWS::ApiGateway::Method")).filter(
      (method) => method.Properties.HttpMethod === "ANY",
    );
    expect(methods).toHaveLength(2);
    expectApiFunctionMethods(template, methods, { HttpMethod: "ANY", ApiKeyRequired: true });
  });

  it("serves the keyless routes (console page and files, /openapi.json) from the same function, without a key", () => {
    // Arrange: the keyless routes' resources
    const resources = template.findResources("AWS::ApiGateway::Resource");
    const idOf = (part: string) =>
      Object.keys(resources).find((id) => resources[id]?.Properties.PathPart === part);
    const page = idOf("console");
    const file = idOf("{file}");
    const openApi = idOf("openapi.json");

    // Assert
    expect(resources[file ?? ""]?.Properties.ParentId).toEqual({ Ref: page });
    const methods = Object.values(template.findResources("AWS::ApiGateway::Method")).filter(
      (method) => method.Properties.HttpMethod !== "ANY",
    );
    expect(methods.map((method) => method.Properties.ResourceId)).toEqual([
      { Ref: page },
      { Ref: file },
      { Ref: openApi },
    ]);
    expectApiFunctionMethods(template, methods, { HttpMethod: "GET", ApiKeyRequired: false });
  });

  it("serves stage v1 with JSON access logs and error-level execution logs without request data", () => {
    // Assert
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
    // Arrange
    const group = logicalIdOf(template, "AWS::Logs::LogGroup", (props) =>
      renderJoin(props.LogGroupName ?? "").startsWith("API-Gateway-Execution-Logs_"),
    );

    // Assert
    template.hasResource("AWS::ApiGateway::Stage", { DependsOn: Match.arrayWith([group]) });
  });

  it("throttles each of its two API keys, producer and operator, with the configured usage plan on stage v1", () => {
    // Assert
    template.hasResourceProperties("AWS::ApiGateway::UsagePlan", {
      Throttle: { RateLimit: 50, BurstLimit: 80 },
      ApiStages: [Match.objectLike({ Stage: { Ref: Match.stringLikeRegexp("Stagev1") } })],
    });
    const keys = Object.keys(template.findResources("AWS::ApiGateway::ApiKey")).sort();
    const planKeys = Object.values(template.findResources("AWS::ApiGateway::UsagePlanKey")).map(
      (resource) => resource.Properties,
    );
    expect(keys).toHaveLength(2);
    expect(planKeys.map((key) => key.KeyType)).toEqual(["API_KEY", "API_KEY"]);
    expect(planKeys.map((key) => key.KeyId.Ref).sort()).toEqual(keys);
  });

  it("tells the API function the operator key's id, and makes no dependency cycle doing so", () => {
    // Arrange
    const operatorKey = logicalIdOf(template, "AWS::ApiGateway::ApiKey", (props) =>
      String(props.Description).includes("operator"),
    );
    const variables = (functionProps(template, API).Environment as { Variables: Record<string, unknown> })
      .Variables;

    // Assert: the function depends on the key; the key (no StageKeys) depends on nothing of the API
    expect(variables.FIFOQ_OPERATOR_KEY_ID).toEqual({ Ref: operatorKey });
    const key = template.toJSON().Resources[operatorKey];
    expect(key.Properties.StageKeys).toBeUndefined();
    expect(key.DependsOn).toBeUndefined();
    expect(JSON.stringify(key.Properties)).not.toMatch(/Ref|GetAtt/);
  });

  it("tells the API function the queue URL prefix, the table, the stack and the auth mode (4 KB or less)", () => {
    // Arrange
    const variables = (functionProps(template, API).Environment as { Variables: Record<string, unknown> })
      .Variables;

    // Assert
    // The prefix is a real queue's URL without its name: the first queue's URL, an output of its nested stack
    expect(variables.FIFOQ_QUEUE_URL_PREFIX).toEqual({
      "Fn::Select": [
        0,
        {
          "Fn::Split": [
            "orders.fifo",
            { "Fn::GetAtt": [expect.stringMatching(/^orders/), expect.stringMatching(/^Outputs\./)] },
          ],
        },
      ],
    });
    expect(variables).toMatchObject({
      FIFOQ_DEAD_LETTER_TABLE: { Ref: ids.deadLetters },
      FIFOQ_IDEMPOTENCY_TABLE: { Ref: ids.idempotency },
      FIFOQ_STACK_NAME: "FifoqTest",
      FIFOQ_API_AUTH: "apiKey",
    });
    // The queue list is not in the environment: it is bundled into the code (bundling.test.ts)
    expect(variables.FIFOQ_QUEUES).toBeUndefined();
  });

  it("runs the API function on Node.js 22 arm64", () => {
    expect(functionProps(template, API)).toMatchObject({ Runtime: "nodejs24.x", Architectures: ["arm64"] });
  });

  it("lets the API function send (and redrive) to the source queues only, never to a dead-letter queue", () => {
    // Arrange
    const permissions = permissionsOf(template, API).filter(notTime);

    // Assert
    expect(renderedResourcesFor(permissions, "sqs:SendMessage")).toEqual(
      [sqsArn("FifoqTest-audit-log.fifo"), sqsArn("FifoqTest-orders.fifo")].sort(),
    );
  });

  it("lets the API function read the attributes of every queue and dead-letter queue (depth for GET /queues)", () => {
    // Arrange
    const permissions = permissionsOf(template, API).filter(notTime);

    // Assert
    expect(renderedResourcesFor(permissions, "sqs:GetQueueAttributes")).toEqual(
      [
        "FifoqTest-audit-log.fifo",
        "FifoqTest-audit-log-dlq.fifo",
        "FifoqTest-orders.fifo",
        "FifoqTest-orders-dlq.fifo",
      ]
        .map(sqsArn)
        .sort(),
    );
    const sqsActions = [
      ...new Set(permissions.filter((p) => p.action.startsWith("sqs:")).map((p) => p.action)),
    ];
    expect(sqsActions.sort()).toEqual(["sqs:GetQueueAttributes", "sqs:SendMessage"]);
  });

  it("grants SQS in managed policies on the API role (the role's inline policies hold 10 KB in all)", () => {
    // Arrange
    const role = logicalIdOf(template, "AWS::IAM::Role", (props) =>
      JSON.stringify(props).includes("Execution role: fifoq producer and dead-letter API"),
    );

    // Assert
    const managed = Object.values(template.findResources("AWS::IAM::ManagedPolicy"));
    expect(managed).toHaveLength(1);
    expect(managed[0]?.Properties.Roles).toEqual([{ Ref: role }]);
    const inline = statementsOf(template, API, "sqs:").filter(
      (statement) => statement.actions.some((action) => action.startsWith("sqs:")) && notTime(statement),
    );
    expect(inline.length).toBe(2);
  });

  it("lets the API function use the dead-letter store's commands, its indexes and the status reads only", () => {
    // Assert
    // get/re-read: GetItem; redrive and discard: UpdateItem (transactions); countNew: BatchGetItem; list: Query
    // on byTime; status: Query on byDedup and PartiQL SELECTs of claims and commits (never the failure log)
    expect(statementsOf(template, API, "dynamodb:").filter(notTime)).toEqual([
      {
        actions: ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:UpdateItem"],
        resources: [arnOf(ids.deadLetters)],
      },
      {
        actions: ["dynamodb:Query"],
        resources: [indexArnOf(ids.deadLetters, "byDedup"), indexArnOf(ids.deadLetters, "byTime")],
      },
      {
        actions: ["dynamodb:PartiQLSelect"],
        condition: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["c#*", "b#*"] },
          Null: { "dynamodb:LeadingKeys": "false" },
        },
        resources: [arnOf(ids.idempotency)],
      },
    ]);
  });

  it("outputs the API URL, both key ids and the commands that print each key", () => {
    // Arrange
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const keyOf = (kind: string) =>
      logicalIdOf(template, "AWS::ApiGateway::ApiKey", (props) => String(props.Description).includes(kind));
    const [producer, operator] = [keyOf("producer"), keyOf("operator")];

    // Assert
    expect(renderJoin(outputs.ApiUrl?.Value)).toMatch(
      /^https:\/\/<\w+>\.execute-api\.<AWS::Region>\.<AWS::URLSuffix>\/<\w+>\/$/,
    );
    expect(outputs.ApiKeyId?.Value).toEqual({ Ref: producer });
    expect(renderJoin(outputs.GetApiKeyCommand?.Value)).toBe(
      `aws apigateway get-api-key --api-key <${producer}> --include-value --query value --output text`,
    );
    expect(outputs.OperatorApiKeyId?.Value).toEqual({ Ref: operator });
    expect(renderJoin(outputs.GetOperatorApiKeyCommand?.Value)).toBe(
      `aws apigateway get-api-key --api-key <${operator}> --include-value --query value --output text`,
    );
  });

  it("outputs the queue URL prefix and the table names, not one output per queue (200 outputs at most)", () => {
    // Arrange
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;

    // Assert
    expect(outputs).toMatchObject({
      QueueUrlPrefix: { Value: { "Fn::Select": [0, expect.any(Object)] } },
      IdempotencyTableName: { Value: { Ref: ids.idempotency } },
      DeadLetterTableName: { Value: { Ref: ids.deadLetters } },
    });
    expect(Object.keys(outputs).some((name) => name.endsWith("QueueUrl"))).toBe(false);
    ordersTemplate.hasOutput("*", { Value: { Ref: ids.orders } });
  });
});

describe("FifoqApi with apiKeyRequired: false", () => {
  it(
    "does not require an API key on any method",
    () => {
      // Act: the stack with API keys off
      const template = buildTestStack({ config, props: { apiKeyRequired: false } }).template();

      // Assert
      const methods = Object.values(template.findResources("AWS::ApiGateway::Method"));
      expect(methods.length).toBeGreaterThan(2);
      expect(methods.map((method) => method.Properties.ApiKeyRequired)).toEqual(methods.map(() => false));
      const variables = (functionProps(template, API).Environment as { Variables: Record<string, unknown> })
        .Variables;
      expect(variables.FIFOQ_OPERATOR_KEY_ID).toBeUndefined(); // no keys: the gateway alone authorizes
    },
    SYNTH_TIMEOUT_MS,
  );
});

describe("FifoqApi operator key rotation", () => {
  it(
    "replaces the operator key when its version goes up, telling the function the new key's id",
    () => {
      // Arrange
      const operatorKeyOf = (template: Template) =>
        logicalIdOf(template, "AWS::ApiGateway::ApiKey", (props) =>
          String(props.Description).includes("operator"),
        );
      const first = buildTestStack({ config }).template();
      const rotated = buildTestStack({ config, props: { operatorKeyVersion: 2 } }).template();

      // Act
      const [before, after] = [operatorKeyOf(first), operatorKeyOf(rotated)];

      // Assert
      expect(after).not.toBe(before);
      const variables = (functionProps(rotated, API).Environment as { Variables: Record<string, unknown> })
        .Variables;
      expect(variables.FIFOQ_OPERATOR_KEY_ID).toEqual({ Ref: after });
      expect(() => buildTestStack({ config, props: { operatorKeyVersion: 0 } })).toThrow(
        /operatorKeyVersion = 0/,
      );
    },
    SYNTH_TIMEOUT_MS,
  );
});
