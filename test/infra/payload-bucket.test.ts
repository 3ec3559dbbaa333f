import { App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { PayloadBucket } from "../../infra/constructs/payload-bucket";
import { buildTestStack, SYNTH_TIMEOUT_MS } from "./support/fifoq-test-stack";
import { statementsOf } from "./support/template-queries";

describe("PayloadBucket", () => {
  let template: Template;

  beforeAll(() => {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), "PayloadsTest");
    new PayloadBucket(stack, "Payloads");
    template = Template.fromStack(stack);
  });

  it("is private, encrypted, and expires messages after 29 days and dead letters after 31", () => {
    // Assert
    template.hasResourceProperties("AWS::S3::Bucket", {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: "messages/", ExpirationInDays: 29, Status: "Enabled" }),
          Match.objectLike({ Prefix: "dead-letters/", ExpirationInDays: 31, Status: "Enabled" }),
        ]),
      },
    });
  });

  it("refuses any request without TLS", () => {
    // Assert
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Action: "s3:*",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ]),
      },
    });
  });
});

describe("payload access per function (least privilege)", () => {
  it(
    "gives each function only its own prefixes' object actions",
    () => {
      // Arrange
      const built = buildTestStack();
      const objects = (template: Template, description: string) =>
        statementsOf(template, description, "s3:").map((statement) => ({
          actions: statement.actions,
          keys: statement.resources.map((resource) => resource.match(/"\/([a-z-/]*\*)"/)?.[1]),
        }));
      const parent = Template.fromStack(built.stack);
      const queue = built.queueTemplate("orders");

      // Act
      const api = objects(parent, "fifoq producer and dead-letter API");
      const consumer = objects(queue, "fifoq consumer of FifoqTest-orders.fifo");
      const recorder = objects(queue, "fifoq dead-letter recorder of FifoqTest-orders-dlq.fifo");

      // Assert
      expect(api).toEqual([
        { actions: ["s3:PutObject"], keys: ["messages/*"] },
        { actions: ["s3:GetObject"], keys: ["dead-letters/*"] },
      ]);
      expect(consumer).toEqual([{ actions: ["s3:GetObject"], keys: ["messages/orders/*"] }]);
      expect(recorder).toEqual([
        { actions: ["s3:GetObject"], keys: ["messages/orders/*"] },
        { actions: ["s3:GetObject", "s3:PutObject"], keys: ["dead-letters/orders/*"] },
      ]);
    },
    SYNTH_TIMEOUT_MS,
  );
});
