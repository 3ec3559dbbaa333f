import { describe, expect, it } from "vitest";
import { iamRequestsOf, type RequestNaming } from "../../../local/iam/iam-requests";

const NAMING: RequestNaming = {
  target: { partition: "aws", region: "us-east-1", account: "000000000000" },
  queues: { "orders.fifo": "Local-orders.fifo" },
  tables: { ledger: "Local-ledger" },
  partitionKeys: { idem: "pk", dead: "queue" },
  scheduleGroups: { fifoq: "Local" },
  roles: {
    "arn:aws:iam::000000000000:role/fifoq-scheduler": "arn:aws:iam::000000000000:role/Local-scheduler",
  },
};
const TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table";
const keys = (...values: string[]) => ({ "dynamodb:LeadingKeys": values });

describe("iamRequestsOf (what IAM authorises for one SDK command)", () => {
  it("reads a Scheduler create as the action on the deployed group's schedule and PassRole of its target's role", () => {
    // Arrange
    const input = {
      Name: "m1-orders",
      GroupName: "fifoq",
      Target: {
        Arn: "arn:aws:sqs:us-east-1:000000000000:fifoq-delay",
        RoleArn: "arn:aws:iam::000000000000:role/fifoq-scheduler",
      },
    };

    // Act
    const create = iamRequestsOf(NAMING, "SchedulerClient", "CreateScheduleCommand", input);
    const remove = iamRequestsOf(NAMING, "SchedulerClient", "DeleteScheduleCommand", { Name: "daily" });

    // Assert
    expect(create).toEqual([
      {
        action: "scheduler:CreateSchedule",
        resource: "arn:aws:scheduler:us-east-1:000000000000:schedule/Local/m1-orders",
      },
      {
        action: "iam:PassRole",
        resource: "arn:aws:iam::000000000000:role/Local-scheduler",
        context: { "iam:PassedToService": "scheduler.amazonaws.com" },
      },
    ]);
    expect(remove).toEqual([
      {
        action: "scheduler:DeleteSchedule",
        resource: "arn:aws:scheduler:us-east-1:000000000000:schedule/default/daily",
      },
    ]);
  });

  it("reads SQS commands as their action on the deployed queue; a batch is authorised as its single action", () => {
    // Arrange
    const input = { QueueUrl: "http://127.0.0.1:4566/000000000000/orders.fifo", Entries: [] };

    // Act
    const batch = iamRequestsOf(NAMING, "SQSClient", "SendMessageBatchCommand", input);
    const visibility = iamRequestsOf(NAMING, "SQSClient", "ChangeMessageVisibilityBatchCommand", input);

    // Assert
    const resource = "arn:aws:sqs:us-east-1:000000000000:Local-orders.fifo";
    expect(batch).toEqual([{ action: "sqs:SendMessage", resource }]);
    expect(visibility).toEqual([{ action: "sqs:ChangeMessageVisibility", resource }]);
  });

  it("reads each PartiQL statement's verb, table and the partition key bound to its placeholder", () => {
    // Arrange
    const statements = [
      {
        Statement: `INSERT INTO "idem" VALUE {'pk': ?, 'batchId': ?}`,
        Parameters: [{ S: "c#a#1" }, { S: "b" }],
      },
      {
        Statement: `UPDATE "idem" SET "x" = ? WHERE "pk" = ? AND "batchId" = ?`,
        Parameters: [{ N: "1" }, { S: "c#a#2" }, { S: "b" }],
      },
      { Statement: `SELECT * FROM "idem" WHERE "pk" = ?`, Parameters: [{ S: "b#a#3" }] },
    ];

    // Act
    const requests = iamRequestsOf(NAMING, "DynamoDBClient", "BatchExecuteStatementCommand", {
      Statements: statements,
    });

    // Assert
    expect(requests).toEqual([
      { action: "dynamodb:PartiQLInsert", resource: `${TABLE}/idem`, context: keys("c#a#1") },
      { action: "dynamodb:PartiQLUpdate", resource: `${TABLE}/idem`, context: keys("c#a#2") },
      { action: "dynamodb:PartiQLSelect", resource: `${TABLE}/idem`, context: keys("b#a#3") },
    ]);
  });

  it("authorises each item of a transaction by its own action, and a batch write per table with all its keys", () => {
    // Arrange
    const transaction = {
      TransactItems: [
        { Put: { TableName: "ledger", Item: { id: { S: "1" } } } },
        { Update: { TableName: "idem", Key: { pk: { S: "c#a#1" } }, UpdateExpression: "SET d = :one" } },
      ],
    };
    const batch = {
      RequestItems: {
        idem: [
          { PutRequest: { Item: { pk: { S: "f#a#1" } } } },
          { PutRequest: { Item: { pk: { S: "f#a#2" } } } },
        ],
      },
    };

    // Act
    const transact = iamRequestsOf(NAMING, "DynamoDBClient", "TransactWriteItemsCommand", transaction);
    const written = iamRequestsOf(NAMING, "DynamoDBClient", "BatchWriteItemCommand", batch);

    // Assert: a table whose key this does not know carries no LeadingKeys
    expect(transact).toEqual([
      { action: "dynamodb:PutItem", resource: `${TABLE}/Local-ledger` },
      { action: "dynamodb:UpdateItem", resource: `${TABLE}/idem`, context: keys("c#a#1") },
    ]);
    expect(written).toEqual([
      { action: "dynamodb:BatchWriteItem", resource: `${TABLE}/idem`, context: keys("f#a#1", "f#a#2") },
    ]);
  });

  it("reads a Query's partition key from its key condition, on the index it names", () => {
    // Arrange
    const input = {
      TableName: "dead",
      IndexName: "byTime",
      KeyConditionExpression: "#queue = :queue",
      ExpressionAttributeNames: { "#queue": "queue" },
      ExpressionAttributeValues: { ":queue": { S: "orders" } },
    };

    // Act
    const requests = iamRequestsOf(NAMING, "DynamoDBClient", "QueryCommand", input);

    // Assert
    expect(requests).toEqual([
      { action: "dynamodb:Query", resource: `${TABLE}/dead/index/byTime`, context: keys("orders") },
    ]);
  });

  it("answers undefined (not simulated) for a command it cannot read", () => {
    // Act
    const unknown = iamRequestsOf(NAMING, "DynamoDBClient", "ListTablesCommand", {});
    const statement = iamRequestsOf(NAMING, "DynamoDBClient", "ExecuteStatementCommand", {
      Statement: "EXISTS(…)",
    });

    // Assert
    expect(unknown).toBeUndefined();
    expect(statement).toBeUndefined();
  });
});
