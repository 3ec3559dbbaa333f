import { App, RemovalPolicy, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { DEAD_LETTER_TABLE, IDEMPOTENCY_TABLE } from "../../functions/core/tables";
import { FifoqTables, type FifoqTablesProps } from "../../infra/constructs/fifoq-tables";
import { testConfig, useBuiltStack } from "./support/fifoq-test-stack";

const synth = (props?: FifoqTablesProps): Template => {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), "TablesTest");
  new FifoqTables(stack, "Tables", props);
  return Template.fromStack(stack);
};

const SHARED = {
  BillingMode: "PAY_PER_REQUEST",
  PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
  // SSEEnabled without a key id: the AWS-managed key (aws/dynamodb), not a customer-managed one
  SSESpecification: { SSEEnabled: true },
};

describe("FifoqTables", () => {
  let template: Template;

  beforeAll(() => {
    template = synth();
  });

  it("creates the idempotency table keyed by pk with TTL on expiresAt", () => {
    // Assert
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      ...SHARED,
      KeySchema: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey, KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
    });
  });

  it("creates the dead-letter table keyed by queue and id, with the byTime and byDedup indexes by queue", () => {
    // Assert: the keys and the byTime index
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      ...SHARED,
      KeySchema: [
        { AttributeName: DEAD_LETTER_TABLE.partitionKey, KeyType: "HASH" },
        { AttributeName: DEAD_LETTER_TABLE.sortKey, KeyType: "RANGE" },
      ],
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
      GlobalSecondaryIndexes: [
        {
          IndexName: "byTime",
          KeySchema: [
            { AttributeName: "queue", KeyType: "HASH" },
            { AttributeName: "deadLetteredAt", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
        {
          IndexName: "byDedup",
          KeySchema: [
            { AttributeName: "queue", KeyType: "HASH" },
            { AttributeName: "dedupKey", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["status", "redrivenAt", "expiresAt"] },
        },
      ],
    });

    // Assert: the attribute definitions
    const definitions = Object.values(template.findResources("AWS::DynamoDB::Table"))
      .map(
        (table) =>
          table.Properties.AttributeDefinitions as { AttributeName: string; AttributeType: string }[],
      )
      .find((attributes) => attributes.length === 4);
    expect(definitions).toEqual(
      expect.arrayContaining([
        { AttributeName: "queue", AttributeType: "S" },
        { AttributeName: "id", AttributeType: "S" },
        { AttributeName: "deadLetteredAt", AttributeType: "S" },
        { AttributeName: "dedupKey", AttributeType: "S" },
      ]),
    );
  });

  it("keeps both tables when they leave the stack, by default", () => {
    // Arrange
    const tables = Object.values(template.findResources("AWS::DynamoDB::Table"));

    // Assert
    expect(tables.map((table) => [table.DeletionPolicy, table.UpdateReplacePolicy])).toEqual([
      ["Retain", "Retain"],
      ["Retain", "Retain"],
    ]);
  });

  it("deletes them when the removal policy says so", () => {
    // Act: synthesize with the DESTROY removal policy
    const tables = Object.values(
      synth({ removalPolicy: RemovalPolicy.DESTROY }).findResources("AWS::DynamoDB::Table"),
    );

    // Assert
    expect(tables.map((table) => table.DeletionPolicy)).toEqual(["Delete", "Delete"]);
  });
});

describe("the configuration's removalPolicy", () => {
  const built = useBuiltStack({ config: testConfig({ removalPolicy: "destroy" }) });

  it("deletes fifoq's tables with the stack when it says destroy", () => {
    // Arrange
    const tables = Object.values(built.template().findResources("AWS::DynamoDB::Table"));

    // Assert
    expect(tables.map((table) => table.DeletionPolicy)).toEqual(["Delete", "Delete"]);
  });

  it("empties and deletes the payload bucket with the stack when it says destroy", () => {
    // Arrange
    const buckets = Object.values(built.template().findResources("AWS::S3::Bucket"));

    // Act
    const emptiers = built.template().findResources("Custom::S3AutoDeleteObjects");

    // Assert
    expect(buckets.map((bucket) => bucket.DeletionPolicy)).toEqual(["Delete"]);
    expect(Object.keys(emptiers)).toHaveLength(1);
  });
});
