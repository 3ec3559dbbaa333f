import { type Duration, Token, ValidationError } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import { LIMITS } from "../../functions/core/config/defaults";
import { InvalidConfigValueError } from "../../functions/core/config/errors";
import type { QueueConfig, RetryPolicy } from "../../functions/core/config/types";
import { resolveQueue } from "../../functions/core/config/validate";
import type { FifoQueueConsumerProps } from "./fifo-queue-consumer";

/** The numbers a `FifoQueueConsumer` is built from, every default filled in and every value checked. */
export interface ConsumerSettings {
  readonly batchSize: number;
  readonly maxConcurrency: number;
  readonly maxReceiveCount: number;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
  readonly visibilityTimeoutSeconds: number;
  readonly retentionSeconds: number;
  /** 0 means idempotency is off. */
  readonly idempotencyWindowSeconds: number;
  /** `false`: failed records wait the visibility timeout. */
  readonly retry: RetryPolicy | false;
}

/** The props `validateConsumerSettings` reads (a subset of `FifoQueueConsumerProps`). */
export type ConsumerSettingsInput = Pick<
  FifoQueueConsumerProps,
  | "queueName"
  | "entry"
  | "batchSize"
  | "maxConcurrency"
  | "maxReceiveCount"
  | "timeout"
  | "memorySize"
  | "visibilityTimeout"
  | "retentionPeriod"
  | "idempotencyWindow"
  | "retry"
>;

/** The prop that holds each configuration field, so a refusal names what the caller wrote. */
const PROP_OF_FIELD: Readonly<Record<string, string>> = {
  name: "queueName",
  handler: "entry",
  functionTimeoutSeconds: "timeout",
  memorySizeMb: "memorySize",
  visibilityTimeoutSeconds: "visibilityTimeout",
  retentionSeconds: "retentionPeriod",
  idempotencyWindowSeconds: "idempotencyWindow",
  "retry.minSeconds": "retry.minDelay",
  "retry.maxSeconds": "retry.maxDelay",
};

/** A number CloudFormation resolves later is left to it: the core rules see `undefined` (the default). */
const checkable = (value: number | undefined): number | undefined =>
  value === undefined || Token.isUnresolved(value) ? undefined : value;

const seconds = (duration: Duration | undefined): number | undefined =>
  duration === undefined ? undefined : duration.toSeconds();

/** The props as the configuration would state them, for the core rules (`core/config/validate.ts`). */
const asQueueConfig = (props: ConsumerSettingsInput): QueueConfig => {
  const timeout = seconds(props.timeout);
  const window = checkable(seconds(props.idempotencyWindow));
  return {
    name: props.queueName,
    handler: props.entry,
    batchSize: checkable(props.batchSize),
    maxConcurrency: checkable(props.maxConcurrency),
    maxReceiveCount: checkable(props.maxReceiveCount),
    // An unresolved timeout cannot be compared: the smallest one keeps the visibility check to its own range.
    functionTimeoutSeconds: isToken(timeout) ? 1 : timeout,
    memorySizeMb: checkable(props.memorySize),
    visibilityTimeoutSeconds: checkable(seconds(props.visibilityTimeout)),
    retentionSeconds: checkable(seconds(props.retentionPeriod)),
    idempotencyWindowSeconds: window === 0 ? false : window,
    retry: retryConfig(props.retry),
  };
};

/** `retry` in whole seconds; a bound CloudFormation resolves later is left to it (the default is checked). */
const retryConfig = (retry: ConsumerSettingsInput["retry"]): QueueConfig["retry"] => {
  if (retry === false || retry === undefined) return retry;
  const minSeconds = checkable(seconds(retry.minDelay));
  const maxSeconds = checkable(seconds(retry.maxDelay));
  return {
    ...(minSeconds === undefined ? {} : { minSeconds }),
    ...(maxSeconds === undefined ? {} : { maxSeconds }),
  };
};

/** The checked retry policy, with any unresolved bound put back. */
const retrySettings = (props: ConsumerSettingsInput, checked: RetryPolicy | false): RetryPolicy | false => {
  if (checked === false || props.retry === false || props.retry === undefined) return checked;
  return {
    minSeconds: orToken(seconds(props.retry.minDelay), checked.minSeconds),
    maxSeconds: orToken(seconds(props.retry.maxDelay), checked.maxSeconds),
  };
};

const isToken = (value: number | undefined): value is number =>
  value !== undefined && Token.isUnresolved(value);

const orToken = (token: number | undefined, checked: number): number => (isToken(token) ? token : checked);

/** 6 × an unresolved timeout is not known at synth: the visibility timeout then defaults to the longest. */
const visibilitySeconds = (props: ConsumerSettingsInput, checked: number): number =>
  props.visibilityTimeout === undefined && isToken(seconds(props.timeout))
    ? LIMITS.visibilityTimeoutSeconds[1]
    : orToken(seconds(props.visibilityTimeout), checked);

/**
 * Validates `FifoQueueConsumer` props with the configuration's own rules (`resolveQueue`), so a construct used
 * without `fifoq.config.ts` is held to the same limits in the same words. A refusal is a CDK `ValidationError`
 * on `scope` naming the queue, the prop, the value and what is allowed.
 */
export const validateConsumerSettings = (
  scope: IConstruct,
  props: ConsumerSettingsInput,
): ConsumerSettings => {
  let queue: ReturnType<typeof resolveQueue>;
  try {
    queue = resolveQueue(asQueueConfig(props), 0, "/");
  } catch (error) {
    if (!(error instanceof InvalidConfigValueError)) throw error;
    const prop = PROP_OF_FIELD[error.field] ?? error.field;
    const named = prop === error.field ? prop : `${prop} (${error.field})`;
    const message = `FifoQueueConsumer "${props.queueName}": ${named} = ${JSON.stringify(error.value)} is not allowed; ${error.allowed}`;
    throw new ValidationError("InvalidFifoQueueConsumerProps" as never, message, scope);
  }
  return {
    batchSize: orToken(props.batchSize, queue.batchSize),
    maxConcurrency: orToken(props.maxConcurrency, queue.maxConcurrency),
    maxReceiveCount: orToken(props.maxReceiveCount, queue.maxReceiveCount),
    timeoutSeconds: orToken(seconds(props.timeout), queue.functionTimeoutSeconds),
    memorySize: orToken(props.memorySize, queue.memorySizeMb),
    visibilityTimeoutSeconds: visibilitySeconds(props, queue.visibilityTimeoutSeconds),
    retentionSeconds: orToken(seconds(props.retentionPeriod), queue.retentionSeconds),
    idempotencyWindowSeconds: orToken(seconds(props.idempotencyWindow), queue.idempotencyWindowSeconds),
    retry: retrySettings(props, queue.retry),
  };
};
