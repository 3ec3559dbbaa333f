import { Validations } from "aws-cdk-lib";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { describe, expect, it } from "vitest";
import { buildTestStack, SYNTH_TIMEOUT_MS } from "./support/fifoq-test-stack";

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
    // Arrange: the stack, When AwsSolutions checks it, Then nothing is left
    const { stack } = buildTestStack();
    expect(violationsOf(stack)).toEqual([]);
  });

  it("acknowledges only the reviewed findings, each on its own construct, each with a reason", () => {
    const { stack } = buildTestStack();
    const found = acknowledgments(stack);
    expect(found.map(({ path, id }) => `${path.replace(/^FifoqTest\//, "")} ${id}`).sort()).toEqual([
      "Api/Handler/Function AwsSolutions-L1",
      "Api/RestApi AwsSolutions-APIG2",
      "Api/RestApi AwsSolutions-APIG3",
      "Api/RestApi AwsSolutions-APIG4",
      "Api/RestApi AwsSolutions-COG4",
      "Api/RestApi/CloudWatchRole AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
      "orders/Consumer/Function AwsSolutions-L1",
      "orders/DeadLetterRecorder/Recorder/Function AwsSolutions-L1",
    ]);
    for (const { reason } of found) expect(reason.length).toBeGreaterThan(60);
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
