import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll } from "vitest";
import { createDynamoDbIdempotencyStore } from "../../../functions/adapters/dynamodb/idempotency-store";
import { describeStoreContract } from "../../unit/idempotency/store-contract";
import { createIdempotencyTable } from "./support";

let dynamo: DynamoDBClient;
let table: string;

beforeAll(async () => {
  ({ dynamo, table } = await createIdempotencyTable());
});
afterAll(() => dynamo.destroy());

describeStoreContract("DynamoDB store", () => createDynamoDbIdempotencyStore({ dynamo, table }));
