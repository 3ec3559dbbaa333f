import "vitest";
import type { TestProject } from "vitest/node";
import { startDynamoDbLocal } from "../../local/emulators/dynamodb-local";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}

/**
 * One DynamoDB Local for the whole run (a JVM takes seconds to start); every test file creates its own
 * uniquely named tables in it. fauxqs is cheap, so each integration test file starts its own (test/support).
 */
export default async function setup(project: TestProject) {
  const given = process.env.FIFOQ_DYNAMODB_ENDPOINT;
  if (given) {
    project.provide("dynamoDbEndpoint", given);
    return;
  }
  const dynamo = await startDynamoDbLocal();
  project.provide("dynamoDbEndpoint", dynamo.endpoint);
  return () => dynamo.stop();
}
