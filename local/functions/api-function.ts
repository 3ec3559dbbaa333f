import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { APIGatewayProxyResult } from "aws-lambda";
import { API_SETTINGS } from "../../functions/api/settings";
import type { ResolvedQueueConfig } from "../../functions/core/config";
import type { ResolvedScheduleConfig } from "../../functions/core/config/schedules";
import {
  apiEnvironment,
  queueCatalog,
  scheduleCatalog,
  type TimeApiEnvironmentInput,
  timeApiEnvironment,
} from "../../functions/core/env/function-environments";
import { LocalStackError } from "../errors";
import type { ProxyHandler } from "../gateway/server";
import { regionOfArn } from "../poller/event-source-mapping";
import type { FunctionSettings } from "../poller/lambda-context";
import type { ProvisionedQueue } from "../provision/sqs";
import {
  LOCAL_METRICS_STACK,
  type LocalFunctionSpec,
  type LocalRuntime,
  lambdaEnvironment,
} from "./lambda-environment";
import { withinResponseLimit } from "./lambda-limits";
import { createFunctionPool, type FunctionPoolOptions } from "./worker/function-pool";

export interface LocalQueue {
  readonly config: ResolvedQueueConfig;
  readonly provisioned: ProvisionedQueue;
}

/** The API Lambda's own module (its edge reads the environment with `parseApiEnv`). */
const API_MODULE = fileURLToPath(new URL("../../functions/handlers/api.ts", import.meta.url));

/**
 * Containers of the API function at once. Lambda would start one per concurrent request; locally each is a
 * thread with its own SDK clients competing for this machine's cores, so more requests wait for a free one.
 */
const API_CONTAINERS = Math.max(2, availableParallelism());

/** `logger` and `iam` go to the function's pool as they are. */
export interface ApiFunctionInput extends Pick<FunctionPoolOptions, "logger" | "iam"> {
  readonly queues: readonly LocalQueue[];
  readonly deadLetterTable: string;
  /** The idempotency table (the status route reads the consumers' records). */
  readonly idempotencyTable: string;
  /** The id the local gateway gives the operator key (the cloud passes FIFOQ_OPERATOR_KEY_ID). */
  readonly operatorKeyId: string;
  readonly runtime: LocalRuntime;
  /** Delayed messages: the local scheduled table and delay queue. @default none (a delay is refused) */
  readonly time?: TimeApiEnvironmentInput | undefined;
  /** The configuration's recurring schedules (the cloud bundles them into the code). @default none */
  readonly schedules?: readonly ResolvedScheduleConfig[];
}

export interface ApiFunction {
  /** What the local gateway invokes. */
  readonly handler: ProxyHandler;
  stop(): Promise<void>;
}

/** What every queue's URL starts with, as the CDK stack passes it (`FIFOQ_QUEUE_URL_PREFIX`). */
const queueUrlPrefix = (queues: readonly LocalQueue[]): string => {
  const prefixes = new Set(
    queues.map(({ config, provisioned }) => provisioned.url.slice(0, -config.fifoName.length)),
  );
  const [prefix] = prefixes;
  if (prefix === undefined || prefixes.size > 1)
    throw new LocalStackError(`the queues' URLs share no prefix: ${[...prefixes].join(", ")}`);
  return prefix;
};

const never = new AbortController().signal;

/** The API function's settings and environment: the CDK stack's, with the local names. */
export const apiFunction = (input: Omit<ApiFunctionInput, "logger" | "iam">): LocalFunctionSpec => {
  const first = input.queues[0];
  if (!first) throw new LocalStackError("the configuration has no queue");
  const fn: FunctionSettings = {
    functionName: "fifoq-api",
    timeoutMs: API_SETTINGS.timeoutSeconds * 1000,
    memorySizeMb: API_SETTINGS.memorySizeMb,
    region: regionOfArn(first.provisioned.arn),
  };
  const configured = apiEnvironment({
    queues: queueCatalog(input.queues.map(({ config }) => config)),
    schedules: scheduleCatalog(input.schedules ?? []),
    queueUrlPrefix: queueUrlPrefix(input.queues),
    deadLetterTable: input.deadLetterTable,
    idempotencyTable: input.idempotencyTable,
    auth: "apiKey",
    stackName: LOCAL_METRICS_STACK,
    operatorKeyId: input.operatorKeyId,
  });
  const time = input.time ? timeApiEnvironment(input.time) : {};
  return { fn, env: lambdaEnvironment({ ...configured, ...time }, fn, input.runtime) };
};

/**
 * The API function as the cloud runs it: `functions/handlers/api.ts` in a worker of its own, with the
 * environment the CDK stack gives it (the local gateway always checks keys, so `apiKey` auth). A function that
 * throws, times out or returns more than Lambda's response limit gets the gateway's 5xx answer, as in the cloud.
 */
export const startApiFunction = async (input: ApiFunctionInput): Promise<ApiFunction> => {
  const { fn, env } = apiFunction(input);
  const pool = createFunctionPool({
    modulePath: API_MODULE,
    expects: "function",
    moduleError: (reason) => new LocalStackError(`the API function ${API_MODULE} ${reason}`),
    maxContainers: API_CONTAINERS,
    iam: input.iam,
    settings: fn,
    env,
    logger: input.logger,
  });
  try {
    await pool.warm();
  } catch (error) {
    await pool.stop();
    throw error;
  }
  const handler: ProxyHandler = async (event) => {
    const result = await pool.invoke(event, event.requestContext.requestId, never);
    if (result.kind === "returned") return withinResponseLimit(result.value as APIGatewayProxyResult);
    throw result.kind === "threw" ? result.error : new Error(`the API function ${result.kind}`);
  };
  return { handler, stop: () => pool.stop() };
};
