import type { SQSClient } from "@aws-sdk/client-sqs";
import { createSqsClient } from "../../functions/adapters/sqs/sqs-client";
import { keepPrototypeNamedAttributes } from "./prototype-safe-receive";

/**
 * The event source mapping's own SQS client. It is the poller's, not the functions': its request timeout must
 * outlast a 20-second long poll, which the functions' clients (5 s, to fail fast) would report as hung; and it
 * receives an attribute named `__proto__` with its value, as Lambda does (see `keepPrototypeNamedAttributes`).
 */
export const createPollClient = (endpoint: string, waitTimeSeconds = 20): SQSClient =>
  keepPrototypeNamedAttributes(
    createSqsClient({ endpoint, requestTimeoutMs: (waitTimeSeconds + 10) * 1000 }),
  );
