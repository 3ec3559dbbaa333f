import { type Duration, Token } from "aws-cdk-lib";
import {
  LIMITS,
  QUEUE_DEFAULTS,
  QUEUE_NAME_PATTERN,
  VISIBILITY_TO_TIMEOUT_RATIO,
} from "../../functions/core/config/defaults";
import { checkRetryPolicy } from "../../functions/core/config/retry-limits";
import type { RetryPolicy } from "../../functions/core/config/types";
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

const fail = (queue: string, message: string): never => {
  throw new Error(`FifoQueueConsumer "${queue}": ${message}`);
};

/** Checks an integer prop against `LIMITS`; unresolved tokens are left to CloudFormation. */
const inRange = (
  queue: string,
  field: keyof typeof LIMITS,
  prop: string,
  value: number,
  unit = "",
): number => {
  if (Token.isUnresolved(value)) return value;
  const [min, max] = LIMITS[field];
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(
      queue,
      `${prop} = ${value}${unit} is not allowed; it must be an integer from ${min} to ${max}${unit}`,
    );
  }
  return value;
};

const seconds = (duration: Duration | undefined, fallback: number): number =>
  duration === undefined ? fallback : duration.toSeconds();

const visibility = (queue: string, raw: number, timeout: number): number => {
  const checked = inRange(queue, "visibilityTimeoutSeconds", "visibilityTimeout", raw, " s");
  if (Token.isUnresolved(checked) || Token.isUnresolved(timeout)) return checked;
  const minimum = VISIBILITY_TO_TIMEOUT_RATIO * timeout;
  if (checked < minimum) {
    fail(
      queue,
      `visibilityTimeout = ${checked} s is not allowed; it must be at least ${VISIBILITY_TO_TIMEOUT_RATIO} × timeout (${timeout} s) = ${minimum} s`,
    );
  }
  return checked;
};

const idempotencyWindow = (queue: string, value: number): number => {
  if (value === 0) return 0;
  const [min, max] = LIMITS.idempotencyWindowSeconds;
  if (Token.isUnresolved(value) || (Number.isInteger(value) && value >= min && value <= max)) return value;
  return fail(
    queue,
    `idempotencyWindow = ${value} s is not allowed; it must be 0 (off) or from ${min} to ${max} s`,
  );
};

type RetryLimits = Pick<ConsumerSettings, "timeoutSeconds" | "maxReceiveCount" | "retentionSeconds">;

/** `retry` in whole seconds, held to the configuration's rules (`checkRetryPolicy`); tokens are left unchecked. */
const retryPolicy = (queue: string, retry: ConsumerSettingsInput["retry"], limits: RetryLimits) => {
  if (retry === false) return false;
  const minSeconds = seconds(retry?.minDelay, QUEUE_DEFAULTS.retry.minSeconds);
  const maxSeconds = seconds(retry?.maxDelay, Math.max(QUEUE_DEFAULTS.retry.maxSeconds, minSeconds));
  const numbers = [
    minSeconds,
    maxSeconds,
    limits.timeoutSeconds,
    limits.maxReceiveCount,
    limits.retentionSeconds,
  ];
  if (numbers.some((value) => Token.isUnresolved(value))) return { minSeconds, maxSeconds };
  const checked = checkRetryPolicy(
    { minSeconds, maxSeconds },
    {
      functionTimeoutSeconds: limits.timeoutSeconds,
      maxReceiveCount: limits.maxReceiveCount,
      retentionSeconds: limits.retentionSeconds,
    },
  );
  if (checked.ok) return checked.policy;
  const { field, value, allowed } = checked.problem;
  const prop = field === "minSeconds" ? "retry.minDelay" : "retry.maxDelay";
  const rule = allowed.replace("retry.minSeconds", "retry.minDelay");
  return fail(queue, `${prop} = ${String(value)} s is not allowed; it must be ${rule}`);
};

/**
 * Validates `FifoQueueConsumer` props at construction, with the same limits as the configuration (so a
 * construct used without `fifoq.config.ts` is held to them too). Throws naming the queue, the prop, the value
 * and the allowed range.
 */
export const validateConsumerSettings = (props: ConsumerSettingsInput): ConsumerSettings => {
  const queue = props.queueName;
  if (!QUEUE_NAME_PATTERN.test(queue)) {
    fail(
      queue,
      `queueName = ${JSON.stringify(queue)} is not allowed; it must be 1 to 64 of a-z, 0-9 and '-'`,
    );
  }
  const timeoutSeconds = inRange(
    queue,
    "functionTimeoutSeconds",
    "timeout",
    seconds(props.timeout, QUEUE_DEFAULTS.functionTimeoutSeconds),
    " s",
  );
  const defaultVisibility = Token.isUnresolved(timeoutSeconds)
    ? LIMITS.visibilityTimeoutSeconds[1]
    : Math.min(VISIBILITY_TO_TIMEOUT_RATIO * timeoutSeconds, LIMITS.visibilityTimeoutSeconds[1]);
  const settings = {
    batchSize: inRange(queue, "batchSize", "batchSize", props.batchSize ?? QUEUE_DEFAULTS.batchSize),
    maxConcurrency: inRange(
      queue,
      "maxConcurrency",
      "maxConcurrency",
      props.maxConcurrency ?? QUEUE_DEFAULTS.maxConcurrency,
    ),
    maxReceiveCount: inRange(
      queue,
      "maxReceiveCount",
      "maxReceiveCount",
      props.maxReceiveCount ?? QUEUE_DEFAULTS.maxReceiveCount,
    ),
    timeoutSeconds,
    memorySize: inRange(
      queue,
      "memorySizeMb",
      "memorySize",
      props.memorySize ?? QUEUE_DEFAULTS.memorySizeMb,
      " MB",
    ),
    visibilityTimeoutSeconds: visibility(
      queue,
      seconds(props.visibilityTimeout, defaultVisibility),
      timeoutSeconds,
    ),
    retentionSeconds: inRange(
      queue,
      "retentionSeconds",
      "retentionPeriod",
      seconds(props.retentionPeriod, QUEUE_DEFAULTS.retentionSeconds),
      " s",
    ),
    idempotencyWindowSeconds: idempotencyWindow(
      queue,
      seconds(props.idempotencyWindow, QUEUE_DEFAULTS.idempotencyWindowSeconds),
    ),
  };
  return { ...settings, retry: retryPolicy(queue, props.retry, settings) };
};
