import { effectTablesVariable } from "../config/effect-tables";
import type { ResolvedScheduleConfig } from "../config/schedules";
import { dedupScopeOf, type ResolvedEffectTable } from "../config/types";
import { ENV } from "../env-names";

/**
 * The environment of each fifoq function, built once for both deployments: the CDK constructs pass physical
 * names (tokens included) and `Tokenization.stringifyNumber`; the local stack passes the emulators' names.
 * The handlers' edges read these (`handlers/*`, `runtime/env.ts`); nothing else writes the maps.
 */

/** How a number becomes an environment value (CDK: `Tokenization.stringifyNumber`, which keeps tokens). */
export type NumberText = (value: number) => string;

const withStack = (stackName: string | undefined): Record<string, string> =>
  stackName === undefined ? {} : { [ENV.stackName]: stackName };

/** A function that writes metrics: their `stack` dimension. */
interface MetricsStackInput {
  /** The `stack` dimension of its metrics; none without. */
  readonly stackName?: string | undefined;
}

export interface ConsumerEnvironmentInput extends MetricsStackInput {
  readonly queueName: string;
  readonly queueUrl: string;
  readonly dlqUrl: string;
  readonly idempotencyTable: string;
  readonly idempotencyWindowSeconds: number;
  readonly highThroughput: boolean;
  /** @default the runtime's default (unset) */
  readonly commitIntervalMs?: number | undefined;
  readonly effectTables: readonly ResolvedEffectTable[];
  /** The stack whose name prefixes the declared effect tables (`<stack>-<name>`); none locally. */
  readonly effectTableStack: string | undefined;
  /** `false`: a failed record waits the whole visibility timeout. */
  readonly retry: { readonly minSeconds: number; readonly maxSeconds: number } | false;
}

/** A queue's consumer function (`defineConsumer`'s edge reads it). */
export const consumerEnvironment = (
  input: ConsumerEnvironmentInput,
  text: NumberText = String,
): Record<string, string> => ({
  ...withStack(input.stackName),
  [ENV.queueName]: input.queueName,
  [ENV.queueUrl]: input.queueUrl,
  [ENV.dlqUrl]: input.dlqUrl,
  [ENV.idempotencyTable]: input.idempotencyTable,
  [ENV.idempotencyWindowSeconds]: text(input.idempotencyWindowSeconds),
  [ENV.dedupScope]: dedupScopeOf(input.highThroughput),
  ...(input.commitIntervalMs === undefined ? {} : { [ENV.commitIntervalMs]: text(input.commitIntervalMs) }),
  ...(input.effectTables.length > 0
    ? { [ENV.effectTables]: effectTablesVariable(input.effectTables, input.effectTableStack) }
    : {}),
  ...(input.retry
    ? {
        [ENV.retryMinSeconds]: text(input.retry.minSeconds),
        [ENV.retryMaxSeconds]: text(input.retry.maxSeconds),
      }
    : {}),
});

export interface RecorderEnvironmentInput {
  readonly queueName: string;
  readonly deadLetterTable: string;
  readonly idempotencyTable: string;
}

/** A queue's dead-letter recorder function (`handlers/dead-letter-recorder.ts`). */
export const recorderEnvironment = (input: RecorderEnvironmentInput): Record<string, string> => ({
  [ENV.queueName]: input.queueName,
  [ENV.deadLetterTable]: input.deadLetterTable,
  [ENV.idempotencyTable]: input.idempotencyTable,
});

export interface ApiEnvironmentInput
  extends MetricsStackInput,
    Pick<RecorderEnvironmentInput, "deadLetterTable"> {
  /** What every queue's URL starts with; `<name>.fifo` completes it. */
  readonly queueUrlPrefix: string;
  /** The consumers' idempotency records (the status route reads them). @default not in the environment */
  readonly idempotencyTable?: string | undefined;
  readonly auth: string;
  /** Only the operator key may use the dead-letter routes; unset when the gateway alone authorizes. */
  readonly operatorKeyId?: string | undefined;
  /**
   * The queue list as `FIFOQ_QUEUES` JSON. The CDK stack bundles it into the code instead (Lambda's
   * environment holds 4 KB in all) and leaves it out here. @default not in the environment
   */
  readonly queues?: string | undefined;
  /** The configuration's schedules as `FIFOQ_SCHEDULES` JSON; the CDK stack bundles them too. @default none */
  readonly schedules?: string | undefined;
}

/** The API function (`handlers/api.ts`, `parseApiEnv`). */
export const apiEnvironment = (input: ApiEnvironmentInput): Record<string, string> => ({
  ...(input.queues === undefined ? {} : { [ENV.queues]: input.queues }),
  ...(input.schedules === undefined ? {} : { [ENV.schedules]: input.schedules }),
  [ENV.queueUrlPrefix]: input.queueUrlPrefix,
  [ENV.deadLetterTable]: input.deadLetterTable,
  ...(input.idempotencyTable === undefined ? {} : { [ENV.idempotencyTable]: input.idempotencyTable }),
  [ENV.apiAuth]: input.auth,
  ...withStack(input.stackName),
  ...(input.operatorKeyId === undefined ? {} : { [ENV.operatorKeyId]: input.operatorKeyId }),
});

/** A queue as `queueCatalog` lists it: its dedup mode and, when known, its idempotency. */
export interface CatalogQueue {
  readonly name: string;
  readonly contentBasedDeduplication: boolean;
  readonly highThroughput?: boolean;
  /** 0: idempotency off. */
  readonly idempotencyWindowSeconds?: number;
}

/**
 * `FIFOQ_QUEUES`: each queue's dedup mode by name, and its idempotency (scope and window: the status route
 * reads its records with them) when given, as `parseApiEnv` reads it.
 */
export const queueCatalog = (queues: readonly CatalogQueue[]): string =>
  JSON.stringify(
    Object.fromEntries(
      queues.map((queue) => [
        queue.name,
        {
          contentBasedDeduplication: queue.contentBasedDeduplication,
          ...(queue.highThroughput === undefined || queue.idempotencyWindowSeconds === undefined
            ? {}
            : {
                dedupScope: dedupScopeOf(queue.highThroughput),
                idempotencyWindowSeconds: queue.idempotencyWindowSeconds,
              }),
        },
      ]),
    ),
  );

/** `FIFOQ_SCHEDULES`: the resolved schedules in the configuration's form (the body as JSON again), as the API reads it. */
export const scheduleCatalog = (schedules: readonly ResolvedScheduleConfig[]): string =>
  JSON.stringify(
    schedules.map((schedule) => ({
      ...schedule,
      body: JSON.parse(schedule.body) as unknown,
      attributes: { ...schedule.attributes },
    })),
  );

export interface TimeApiEnvironmentInput {
  readonly scheduledTable: string;
  readonly delayQueueUrl: string;
  readonly delayQueueArn: string;
  readonly schedulerGroup: string;
  readonly schedulerRoleArn: string;
  /** The release function's ARN: the target of API-managed schedules' ticks. */
  readonly tickTargetArn: string;
  readonly tickDeadLetterArn: string;
  /** An emulator's Scheduler (the local stack's); unset in the cloud. */
  readonly schedulerEndpoint?: string | undefined;
}

/** The API function's time variables: delayed messages and recurring schedules (`parseApiEnv`), each by its name. */
export const timeApiEnvironment = (input: TimeApiEnvironmentInput): Record<string, string> =>
  Object.fromEntries(
    Object.entries(input)
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([key, value]) => [ENV[key as keyof TimeApiEnvironmentInput], value]),
  );
