import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { buildTestStack, SYNTH_TIMEOUT_MS, testConfig } from "./support/fifoq-test-stack";
import { functionProps, logicalIdOf, renderTokens } from "./support/template-queries";

const API = "fifoq producer and dead-letter API";

/** The routes a managed policy lets its holder invoke, as `<METHOD> <path>` on stage v1. */
const routesOf = (template: Template, description: RegExp): string[] => {
  const id = logicalIdOf(template, "AWS::IAM::ManagedPolicy", (props) =>
    description.test(String(props.Description)),
  );
  const statements = template.findResources("AWS::IAM::ManagedPolicy")[id]?.Properties.PolicyDocument
    .Statement as { Action: string; Resource: unknown[] }[];
  expect(statements.map((statement) => statement.Action)).toEqual(["execute-api:Invoke"]);
  return (statements[0]?.Resource ?? [])
    .map((resource: unknown) =>
      renderTokens(resource)
        .replace(/^arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<\w+>\/v1\//, "")
        .replace("/", " "),
    )
    .sort();
};

describe('FifoqApi with api.auth: "iam"', () => {
  let template: Template;

  beforeAll(() => {
    template = buildTestStack({
      config: testConfig({ api: { auth: "iam", rateLimit: 40, burstLimit: 60 } }),
    }).template();
  }, SYNTH_TIMEOUT_MS);

  it("requires a SigV4 signature (AWS_IAM) and no API key on every API method; the keyless routes (console, /openapi.json) stay open", () => {
    // Arrange: the API's and the keyless routes' methods
    const methods = Object.values(template.findResources("AWS::ApiGateway::Method")).map((m) => m.Properties);
    const api = methods.filter((method) => method.HttpMethod === "ANY");

    // Assert
    expect(api).toHaveLength(2);
    for (const method of api) {
      expect(method).toMatchObject({ AuthorizationType: "AWS_IAM", ApiKeyRequired: false });
    }
    const console = methods.filter((method) => method.HttpMethod === "GET");
    expect(console.map((method) => method.AuthorizationType)).toEqual(["NONE", "NONE", "NONE"]);
  });

  it("creates no API key or usage plan, and throttles the stage instead", () => {
    // Assert
    for (const type of [
      "AWS::ApiGateway::ApiKey",
      "AWS::ApiGateway::UsagePlan",
      "AWS::ApiGateway::UsagePlanKey",
    ]) {
      template.resourceCountIs(type, 0);
    }
    template.hasResourceProperties("AWS::ApiGateway::Stage", {
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 40, ThrottlingBurstLimit: 60 })],
    });
    const outputs = template.toJSON().Outputs;
    expect(outputs.ApiKeyId).toBeUndefined();
    expect(outputs.GetApiKeyCommand).toBeUndefined();
  });

  it("outputs a producer policy that may publish and list queues, and nothing on the dead-letter routes", () => {
    // Assert
    expect(routesOf(template, /^fifoq producer:/)).toEqual(
      ["POST queues/*/messages", "POST queues/*/messages/batch", "GET queues"].sort(),
    );
    const producer = logicalIdOf(template, "AWS::IAM::ManagedPolicy", (props) =>
      String(props.Description).startsWith("fifoq producer:"),
    );
    expect(template.toJSON().Outputs.ProducerPolicyArn.Value).toEqual({ Ref: producer });
  });

  it("outputs an operator policy that may also use every dead-letter route and a message's status", () => {
    // Assert
    expect(routesOf(template, /^fifoq operator:/)).toEqual(
      [
        "POST queues/*/messages",
        "POST queues/*/messages/batch",
        "GET queues",
        "* queues/*/dead-letters",
        "* queues/*/dead-letters/*",
        "GET queues/*/messages/*",
      ].sort(),
    );
    const operator = logicalIdOf(template, "AWS::IAM::ManagedPolicy", (props) =>
      String(props.Description).startsWith("fifoq operator:"),
    );
    expect(template.toJSON().Outputs.OperatorPolicyArn.Value).toEqual({ Ref: operator });
  });

  it("answers a signature the policy does not allow with 403 FORBIDDEN, a bad one with UNAUTHORIZED", () => {
    // Arrange: the gateway responses by type
    const responses = Object.values(template.findResources("AWS::ApiGateway::GatewayResponse")).map(
      (response) => response.Properties,
    );
    const byType = (type: string) => responses.find((response) => response.ResponseType === type);

    // Assert
    expect(byType("ACCESS_DENIED")).toMatchObject({ StatusCode: "403" });
    expect(JSON.stringify(byType("ACCESS_DENIED")?.ResponseTemplates)).toContain(
      '\\"code\\":\\"FORBIDDEN\\"',
    );
    for (const type of ["MISSING_AUTHENTICATION_TOKEN", "INVALID_SIGNATURE", "EXPIRED_TOKEN"]) {
      expect(JSON.stringify(byType(type)?.ResponseTemplates)).toContain('\\"code\\":\\"UNAUTHORIZED\\"');
      expect(JSON.stringify(byType(type)?.ResponseTemplates)).toContain("SigV4");
    }
    expect(byType("API_KEY")).toBeUndefined();
  });

  it("tells the function that IAM, not the API key, decides who may call which route", () => {
    const variables = (functionProps(template, API).Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(variables.FIFOQ_API_AUTH).toBe("iam");
  });
});

describe('FifoqApi with api.auth: "apiKey" (the default)', () => {
  it(
    "requires an API key and no signature, and outputs no IAM policies",
    () => {
      // Act: the stack with the default auth (API keys)
      const template = buildTestStack().template();

      // Assert
      const api = Object.values(template.findResources("AWS::ApiGateway::Method")).filter(
        (method) => method.Properties.HttpMethod === "ANY",
      );
      expect(api).toHaveLength(2);
      for (const method of api) {
        expect(method.Properties).toMatchObject({ AuthorizationType: "NONE", ApiKeyRequired: true });
      }
      const outputs = template.toJSON().Outputs;
      expect(outputs.ProducerPolicyArn).toBeUndefined();
      expect(outputs.OperatorPolicyArn).toBeUndefined();
    },
    SYNTH_TIMEOUT_MS,
  );
});
