import { Validations } from "aws-cdk-lib";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { describe, expect, it } from "vitest";
import { buildTestStack, SYNTH_TIMEOUT_MS, testConfig } from "./support/fifoq-test-stack";

/** Every acknowledged cdk-nag rule in a tree: construct path, rule id and reason. */
const acknowledgments = (root: IConstruct) =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ""),
          reason,
        })),
      ),
  );

const violationsOf = (root: IConstruct) =>
  new AwsSolutionsChecks(root, { verbose: true })
    .validateScope(root)
    .violations.map((violation) => `${violation.severity} ${violation.ruleName}`);

describe("cdk-nag AwsSolutions", () => {
  it("finds no unacknowledged error or warning in the stack", () => {
    // Arrange: the stack; Act: AwsSolutions checks it; Assert: nothing is left
    const { stack } = buildTestStack();
    expect(violationsOf(stack)).toEqual([]);
  });

  it("finds none either when the configuration says removalPolicy destroy (the bucket's emptier included)", () => {
    // Arrange: the stack that deletes its data with it; Act: AwsSolutions checks it; Assert: nothing is left
    const { stack } = buildTestStack({ config: testConfig({ removalPolicy: "destroy" }) });
    expect(violationsOf(stack)).toEqual([]);
  });

  it("acknowledges only the reviewed findings, each on its own construct, each with a reason", () => {
    // Arrange
    const { stack } = buildTestStack();

    // Act
    const found = acknowledgments(stack);

    // Assert
    expect(found.map(({ path, id }) => `${path.replace(/^FifoqTest\//, "")} ${id}`).sort()).toEqual([
      "Api/Handler/Function AwsSolutions-L1",
      "Api/Handler/Role AwsSolutions-IAM5[Resource::<PayloadsBucket1715615A.Arn>/dead-letters/*]",
      "Api/Handler/Role AwsSolutions-IAM5[Resource::<PayloadsBucket1715615A.Arn>/messages/*]",
      "Api/Handler/Role/DefaultPolicy AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/FifoqTest/*]",
      "Api/RestApi AwsSolutions-APIG2",
      "Api/RestApi AwsSolutions-APIG3",
      "Api/RestApi AwsSolutions-APIG4",
      "Api/RestApi AwsSolutions-COG4",
      "Api/RestApi/CloudWatchRole AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
      "Payloads/Bucket AwsSolutions-S1",
      "Time/Schedules/TickDeadLetterQueue AwsSolutions-SQS3",
      "Time/Time/Release/Function AwsSolutions-L1",
      "orders/orders/Consumer/Function AwsSolutions-L1",
      "orders/orders/Consumer/Role AwsSolutions-IAM5[Resource::<PayloadsBucket1715615A.Arn>/messages/orders/*]",
      "orders/orders/Consumer/Role AwsSolutions-IAM5[Resource::<referencetoFifoqTestPayloadsBucket8EF4F818Arn>/messages/orders/*]",
      "orders/orders/DeadLetterRecorder/Recorder/Function AwsSolutions-L1",
      "orders/orders/DeadLetterRecorder/Recorder/Role AwsSolutions-IAM5[Resource::<PayloadsBucket1715615A.Arn>/dead-letters/orders/*]",
      "orders/orders/DeadLetterRecorder/Recorder/Role AwsSolutions-IAM5[Resource::<PayloadsBucket1715615A.Arn>/messages/orders/*]",
      "orders/orders/DeadLetterRecorder/Recorder/Role AwsSolutions-IAM5[Resource::<referencetoFifoqTestPayloadsBucket8EF4F818Arn>/dead-letters/orders/*]",
      "orders/orders/DeadLetterRecorder/Recorder/Role AwsSolutions-IAM5[Resource::<referencetoFifoqTestPayloadsBucket8EF4F818Arn>/messages/orders/*]",
    ]);
    for (const { reason } of found) expect(reason.length).toBeGreaterThan(60);
  });

  it("checks the queues' nested stacks too", () => {
    // Arrange: a careless queue inside a queue's nested stack
    const { stack } = buildTestStack();
    const nested = stack.queueStacks[0];
    if (!nested) throw new Error("no queue stack");
    new sqs.Queue(nested, "Careless", { encryption: sqs.QueueEncryption.UNENCRYPTED });
    // Assert: its findings are reported
    expect(violationsOf(stack)).toContain("error AwsSolutions-SQS3");
  });

  it("with IAM auth, acknowledges COG4, APIG4 for the console only, and the policies' route wildcards", () => {
    // Arrange: api.auth: iam and tracing
    const { stack } = buildTestStack({ config: testConfig({ api: { auth: "iam" }, tracing: true }) });
    // Assert: nothing is left, and the acknowledgements are the IAM ones, each with a reason
    expect(violationsOf(stack)).toEqual([]);
    const ids = acknowledgments(stack).map(({ path, id }) => `${path.replace(/^FifoqTest\//, "")} ${id}`);
    expect(ids).toContain("Api/RestApi AwsSolutions-COG4");
    const apig4 = acknowledgments(stack).find(({ id }) => id === "AwsSolutions-APIG4");
    expect(apig4?.reason).toMatch(/^Only the console's methods are open/);
    const policyAcks = ids.filter((id) => id.startsWith("Api/AccessPolicies/"));
    expect(policyAcks.map((id) => id.replace(/\[Resource::.*\/v1\//, "[…/v1/"))).toEqual([
      "Api/AccessPolicies/Producer AwsSolutions-IAM5[…/v1/POST/queues/*/messages]",
      "Api/AccessPolicies/Producer AwsSolutions-IAM5[…/v1/POST/queues/*/messages/batch]",
      "Api/AccessPolicies/Operator AwsSolutions-IAM5[…/v1/POST/queues/*/messages]",
      "Api/AccessPolicies/Operator AwsSolutions-IAM5[…/v1/POST/queues/*/messages/batch]",
      "Api/AccessPolicies/Operator AwsSolutions-IAM5[…/v1/*/queues/*/dead-letters]",
      "Api/AccessPolicies/Operator AwsSolutions-IAM5[…/v1/*/queues/*/dead-letters/*]",
      "Api/AccessPolicies/Operator AwsSolutions-IAM5[…/v1/GET/queues/*/messages/*]",
    ]);
    // X-Ray's write actions take no resource: acknowledged on each traced function's policy only
    expect(ids).toContain("orders/orders/Consumer/Role/DefaultPolicy AwsSolutions-IAM5[Resource::*]");
    expect(ids).toContain("Api/Handler/Role/DefaultPolicy AwsSolutions-IAM5[Resource::*]");
  });

  it("leaves the missing-authentication finding when API keys are turned off", () => {
    // Arrange: apiKeyRequired: false (and no IAM auth)
    const { stack } = buildTestStack({ props: { apiKeyRequired: false } });
    // Assert: APIG4 and COG4 are reported, not silenced
    expect(violationsOf(stack).sort()).toEqual(["error AwsSolutions-APIG4", "error AwsSolutions-COG4"]);
  });

  it("finds nothing in the alarm topic and its key either (KMS-encrypted, TLS only, key rotation)", () => {
    // Arrange: the stack with an alarm email: an SNS topic, its subscription and its KMS key
    const { stack } = buildTestStack({ props: { alarmEmail: "ops@example.com" } });
    expect(violationsOf(stack)).toEqual([]);
    expect(acknowledgments(stack).map(({ path }) => path)).not.toContain("FifoqTest/AlarmTopic");
  });

  it("still reports what the stack did not acknowledge (nothing is acknowledged stack-wide)", () => {
    // Arrange: the stack plus a queue without encryption, TLS enforcement or dead-letter queue
    const { stack } = buildTestStack();
    new sqs.Queue(stack, "Careless", { encryption: sqs.QueueEncryption.UNENCRYPTED });
    // Assert: exactly that queue's findings are reported
    expect(violationsOf(stack).sort()).toEqual([
      "error AwsSolutions-SQS2",
      "error AwsSolutions-SQS3",
      "error AwsSolutions-SQS4",
    ]);
  });

  it(
    "lets the app synthesize as `cdk synth` does: nag as a validation plugin, CloudFormation schema checks strict",
    () => {
      const { app } = buildTestStack({ cfnValidation: true });
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
      expect(() => app.synth()).not.toThrow();
    },
    SYNTH_TIMEOUT_MS,
  );
});
