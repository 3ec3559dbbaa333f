import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SchedulerClient } from "@aws-sdk/client-scheduler";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { dynamoDbSdk } from "./dynamodb/sdk";

export interface AwsClientConfig {
  /** Custom endpoint (fauxqs, DynamoDB Local, LocalStack); the AWS default when absent. */
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
  /** Per-request timeout; raise it above the wait time for SQS long polling. @default 5000 */
  readonly requestTimeoutMs?: number | undefined;
}

/** Emulators accept any credentials; real AWS uses the default provider chain. */
const localCredentials = { accessKeyId: "fifoqlocal", secretAccessKey: "fifoqlocal" };

/** The options every client gets. Without an endpoint the SDK's own chain picks region and credentials. */
export const awsClientOptions = (config: AwsClientConfig) => ({
  ...(config.region ? { region: config.region } : {}),
  ...(config.endpoint
    ? { endpoint: config.endpoint, credentials: localCredentials, region: config.region ?? "us-east-1" }
    : {}),
  maxAttempts: 3,
  // A hung endpoint must fail fast enough for the caller to report it (503, a failed record) instead of
  // running until the Lambda times out. Since @smithy/node-http-handler 4.4 a request timeout only logs a
  // warning unless `throwOnRequestTimeout` is set.
  requestHandler: {
    connectionTimeout: 2_000,
    requestTimeout: config.requestTimeoutMs ?? 5_000,
    throwOnRequestTimeout: true,
  },
});

/**
 * THE local stack's one hook into the clients a function makes here: `local/iam` sets it in a function's own
 * worker thread, to check each request against the function's IAM policy. Never set in Lambda.
 */
type HookedClient = DynamoDBClient | SQSClient | SchedulerClient;

let localClientHook: ((client: HookedClient) => void) | undefined;

export const setLocalClientHook = (hook: (client: HookedClient) => void): void => {
  localClientHook = hook;
};

/** `client`, after the local hook (if any) has seen it. */
export const hooked = <C extends HookedClient>(client: C): C => {
  localClientHook?.(client);
  return client;
};

export const createDynamoDbClient = (config: AwsClientConfig = {}): DynamoDBClient =>
  hooked(new dynamoDbSdk.DynamoDBClient(awsClientOptions(config)));

/**
 * An SQS client made on the first call, the SDK imported then: a consumer needs SQS only to dead-letter a
 * message, so its cold start does not pay for it (`sqs/sqs-client.ts` has the eager one).
 */
export const lazySqsClient = (config: AwsClientConfig = {}): (() => Promise<SQSClient>) => {
  let client: Promise<SQSClient> | undefined;
  return () => {
    client ??= import("@aws-sdk/client-sqs").then(({ SQSClient }) =>
      hooked(new SQSClient(awsClientOptions(config))),
    );
    return client;
  };
};

/**
 * An S3 client made on the first call, the SDK imported then (only a large message or dead letter needs it).
 * With a custom endpoint (fauxqs) it addresses buckets path-style.
 */
export const lazyS3Client = (config: AwsClientConfig = {}): (() => Promise<S3Client>) => {
  let client: Promise<S3Client> | undefined;
  return () => {
    client ??= import("@aws-sdk/client-s3").then(
      ({ S3Client }) =>
        new S3Client({ ...awsClientOptions(config), ...(config.endpoint ? { forcePathStyle: true } : {}) }),
    );
    return client;
  };
};
