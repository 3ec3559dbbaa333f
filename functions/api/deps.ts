import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SchedulerClient } from "@aws-sdk/client-scheduler";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { ResolvedScheduleConfig } from "../core/config/schedules";
import type { ApiAuth, DedupScope } from "../core/config/types";
import type { Logger } from "../core/logging/logger";
import type { ApiMetrics } from "../core/metrics/api-metrics";
import type { PayloadStore } from "../core/payloads/payload-store";
import type { SchedulePort } from "../core/schedules/types";
import type { TimeEnv } from "../release/time-env";

/** Where a configured queue lives (in AWS: the bundled FIFOQ_QUEUES and FIFOQ_QUEUE_URL_PREFIX). */
export interface QueueEndpoint {
  readonly url: string;
  readonly dlqUrl: string;
  readonly contentBasedDeduplication: boolean;
  /**
   * How its consumer keys idempotency records (the scope) and for how long (0: off); the status route reads
   * them with it. Unset: not known (the route answers from the dead-letter and scheduled stores only).
   */
  readonly idempotency?: { readonly scope: DedupScope; readonly windowSeconds: number };
}

export type QueueRegistry = Readonly<Record<string, QueueEndpoint>>;

/** Everything the HTTP API (producer and dead-letter routes) needs; built at the edge or by the local stack. */
export interface ApiDeps {
  readonly sqs: SQSClient;
  readonly dynamo: DynamoDBClient;
  readonly queues: QueueRegistry;
  readonly deadLetterTable: string;
  /** The consumers' idempotency records, read by the status route. Unset: it answers without them. */
  readonly idempotencyTable?: string | undefined;
  /** Large bodies (claim check) and dead letters over DynamoDB's 400 KB (the payload bucket). */
  readonly payloads?: PayloadStore | undefined;
  readonly logger: Logger;
  /**
   * The id of the operator API key: only requests with it (`requestContext.identity.apiKeyId`) may use the
   * operator (dead-letter) routes. Unset: the gateway alone decides who calls what (no API keys, or IAM).
   */
  readonly operatorKeyId?: string | undefined;
  /**
   * How callers authenticate. With `iam`, API Gateway's IAM policies (the stack's producer and operator
   * policies) decide who may call which route, before the function runs. @default "apiKey"
   */
  readonly auth?: ApiAuth;
  /** Told every request's log line once, after the response (EMF metrics). @default no metrics */
  readonly metrics?: ApiMetrics;
  readonly now?: () => number;
  /** Delayed messages: the scheduled-message table and the delay queue. Unset: a delay is refused (400). */
  readonly time?: TimeEnv | undefined;
  /** EventBridge Scheduler (long delays). @default a client of `time.scheduler.endpoint` */
  readonly scheduler?: SchedulerClient | undefined;
  /**
   * Recurring schedules: the configured ones (as deployed) and the timer of API-managed ones (EventBridge
   * Scheduler). Their records live in the scheduled table (`time`). @default none declared, no timer
   */
  readonly schedules?: {
    readonly declared: readonly ResolvedScheduleConfig[];
    readonly port?: SchedulePort | undefined;
  };
}
