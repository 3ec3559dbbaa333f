import { SQSClient } from "@aws-sdk/client-sqs";

/** Emulators accept any credentials (the same ones the functions' clients use). */
const LOCAL_CREDENTIALS = { accessKeyId: "fifoqlocal", secretAccessKey: "fifoqlocal" };

/**
 * The event source mapping's own SQS client. It is the poller's, not the functions': its request timeout must
 * outlast a 20-second long poll, which the functions' clients (5 s, to fail fast) would report as hung.
 */
export const createPollClient = (endpoint: string, waitTimeSeconds = 20): SQSClient =>
  new SQSClient({
    endpoint,
    region: "us-east-1",
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 2_000, requestTimeout: (waitTimeSeconds + 10) * 1000 },
  });
