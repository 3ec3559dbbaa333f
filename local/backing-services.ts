import type { Logger } from "../functions/core/logging/logger";
import type { Cleanup } from "./cleanup";
import { startDynamoDbLocal } from "./emulators/dynamodb-local";
import { startSqsEmulator } from "./emulators/sqs";
import { ensureDataDir } from "./state/local-state";

export interface BackingServiceOptions {
  /** An SQS endpoint already running (LocalStack, …); fauxqs is started in this process when absent. */
  readonly sqsEndpoint?: string | undefined;
  /** A DynamoDB endpoint already running; DynamoDB Local (Java 17+) is started when absent. */
  readonly dynamoDbEndpoint?: string | undefined;
  /** Where the emulators started here keep their data across restarts; in memory when absent. */
  readonly dataDirs?: { readonly dynamoDb: string; readonly sqs: string } | undefined;
}

export interface BackingServices {
  readonly sqsEndpoint: string;
  readonly dynamoDbEndpoint: string;
  /** Kills the child processes started here at once, without waiting (for a forced exit). */
  kill(): void;
}

/**
 * Uses the given endpoints or starts the emulators on free ports; each started emulator is registered with
 * `cleanup`. DynamoDB Local goes first: a missing Java fails before anything else is started.
 */
export const startBackingServices = async (
  options: BackingServiceOptions,
  cleanup: Cleanup,
  logger: Logger,
): Promise<BackingServices> => {
  let kill = (): void => undefined;
  let dynamoDbEndpoint = options.dynamoDbEndpoint;
  if (!dynamoDbEndpoint) {
    const dynamo = await startDynamoDbLocal({
      path: options.dataDirs ? ensureDataDir(options.dataDirs.dynamoDb) : undefined,
    });
    cleanup.add("DynamoDB Local", () => dynamo.stop());
    kill = () => void dynamo.stop();
    dynamoDbEndpoint = dynamo.endpoint;
    logger.debug("DynamoDB Local started", { endpoint: dynamoDbEndpoint });
  }
  let sqsEndpoint = options.sqsEndpoint;
  if (!sqsEndpoint) {
    const sqs = await startSqsEmulator({
      dataDir: options.dataDirs ? ensureDataDir(options.dataDirs.sqs) : undefined,
    });
    cleanup.add("fauxqs", () => sqs.stop());
    sqsEndpoint = sqs.endpoint;
    logger.debug("fauxqs started", { endpoint: sqsEndpoint });
  }
  return { sqsEndpoint, dynamoDbEndpoint, kill };
};
