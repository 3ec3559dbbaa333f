import { randomUUID } from "node:crypto";
import { GetQueueUrlCommand, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { classifySdkError } from "../../../functions/adapters/sdk-errors";
import type { Logger } from "../../../functions/core/logging/logger";
import type { SchedulerClock } from "./clock";
import type { ScheduleTarget, StoredSchedule } from "./schedule";

/** A local Lambda function a schedule may target, by its ARN: it gets the target's Input, parsed as JSON. */
export type LambdaTarget = (event: unknown) => Promise<unknown>;

export interface TargetDeps {
  /** The local stack's SQS (queue targets and dead-letter queues). */
  readonly sqs: SQSClient;
  readonly functions: Readonly<Record<string, LambdaTarget>>;
  readonly logger: Logger;
  readonly clock: SchedulerClock;
}

/** Scheduler's defaults when a target has no RetryPolicy. */
const DEFAULT_RETRY = { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 };
/** Backoff between attempts: doubling from 1 s, at most 5 minutes. */
const backoffMs = (attempt: number) => Math.min(1_000 * 2 ** (attempt - 1), 300_000);

export const scheduleArn = (
  schedule: Pick<StoredSchedule, "GroupName" | "Name">,
  account: string,
  region: string,
) => `arn:aws:scheduler:${region}:${account}:schedule/${schedule.GroupName}/${schedule.Name}`;

/** Scheduler's context attributes in a target's Input, filled in per attempt. */
const substitute = (input: string, values: Readonly<Record<string, string>>): string =>
  input.replace(/<aws\.scheduler\.([a-z-]+)>/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? (values[name] ?? whole) : whole,
  );

const isoSeconds = (instant: number) => new Date(instant).toISOString().replace(/\.\d{3}Z$/, "Z");

const queueUrls = new WeakMap<SQSClient, Map<string, Promise<string>>>();

/** An SQS queue's URL on the local SQS endpoint, from its ARN (`arn:aws:sqs:<region>:<account>:<name>`). */
const queueUrlOf = (sqs: SQSClient, arn: string): Promise<string> => {
  const cache = queueUrls.get(sqs) ?? new Map<string, Promise<string>>();
  queueUrls.set(sqs, cache);
  let url = cache.get(arn);
  if (!url) {
    const QueueName = arn.split(":").pop() ?? "";
    url = sqs.send(new GetQueueUrlCommand({ QueueName })).then(({ QueueUrl }) => QueueUrl ?? "");
    url.catch(() => cache.delete(arn));
    cache.set(arn, url);
  }
  return url;
};

const sendToQueue = async (
  deps: TargetDeps,
  arn: string,
  body: string,
  extra: Partial<SendMessageCommand["input"]> = {},
) => {
  const QueueUrl = await queueUrlOf(deps.sqs, arn);
  await deps.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body, ...extra }));
};

/** One attempt at the target: SendMessage to a queue, or an invocation of a local function. */
const invoke = async (deps: TargetDeps, target: ScheduleTarget, input: string, executionId: string) => {
  if (target.Arn.startsWith("arn:aws:sqs:")) {
    const fifo = target.Arn.endsWith(".fifo");
    const group = target.SqsParameters?.MessageGroupId;
    return sendToQueue(
      deps,
      target.Arn,
      input,
      fifo ? { MessageGroupId: group, MessageDeduplicationId: executionId } : {},
    );
  }
  const fn = Object.hasOwn(deps.functions, target.Arn) ? deps.functions[target.Arn] : undefined;
  if (!fn) throw new Error(`no local function or queue ${target.Arn}`);
  await fn(JSON.parse(input));
};

const describe = (error: unknown) => {
  const { name, message } = classifySdkError(error);
  return { name, message: message.slice(0, 300) };
};

/**
 * Delivers one fire of `schedule` (its `scheduledTime`) as Scheduler does: its Input with the context attributes
 * filled in, retried with backoff up to the RetryPolicy (attempts and event age, counted from the first attempt:
 * a tick replayed late is still delivered), then sent to the DeadLetterConfig queue if any, and logged.
 */
export const deliver = async (
  schedule: StoredSchedule,
  scheduledTime: number,
  deps: TargetDeps & { readonly arn: string },
): Promise<"delivered" | "dead-lettered" | "gave-up"> => {
  const { Target: target } = schedule;
  const retry = target.RetryPolicy ?? DEFAULT_RETRY;
  const executionId = randomUUID();
  const started = deps.clock.now();
  const fields = { schedule: deps.arn, scheduledTime: isoSeconds(scheduledTime) };
  let attempt = 1;
  for (;;) {
    const values = {
      "scheduled-time": isoSeconds(scheduledTime),
      "execution-id": executionId,
      "attempt-number": String(attempt),
      "schedule-arn": deps.arn,
    };
    const input = substitute(target.Input ?? "{}", values);
    try {
      await invoke(deps, target, input, executionId);
      deps.logger.info("schedule fired", { ...fields, attempt, target: target.Arn });
      return "delivered";
    } catch (error) {
      const problem = describe(error);
      const aged = deps.clock.now() + backoffMs(attempt) - started > retry.MaximumEventAgeInSeconds * 1000;
      if (attempt > retry.MaximumRetryAttempts || aged) {
        const condition = aged ? "MaximumEventAgeInSeconds" : "MaximumRetryAttempts";
        return deadLetter(deps, target, input, { ...fields, attempt, condition, error: problem });
      }
      deps.logger.warn("schedule target failed", { ...fields, attempt, error: problem });
      await deps.clock.sleep(backoffMs(attempt));
      attempt += 1;
    }
  }
};

const deadLetter = async (
  deps: TargetDeps,
  target: ScheduleTarget,
  input: string,
  why: {
    schedule: string;
    scheduledTime: string;
    attempt: number;
    condition: string;
    error: { name: string; message: string };
  },
): Promise<"dead-lettered" | "gave-up"> => {
  const dlq = target.DeadLetterConfig?.Arn;
  if (dlq === undefined) {
    deps.logger.error("schedule gave up", { ...why, deadLetter: "none" });
    return "gave-up";
  }
  const attribute = (value: string) => ({ DataType: "String", StringValue: value });
  try {
    await sendToQueue(deps, dlq, input, {
      MessageAttributes: {
        ERROR_CODE: attribute(why.error.name),
        ERROR_MESSAGE: attribute(why.error.message || "-"),
        EXHAUSTED_RETRY_CONDITION: attribute(why.condition),
        RETRY_ATTEMPTS: attribute(String(why.attempt - 1)),
        SCHEDULE_ARN: attribute(why.schedule),
        TARGET_ARN: attribute(target.Arn),
      },
    });
  } catch (error) {
    deps.logger.error("schedule gave up", { ...why, deadLetter: dlq, deadLetterError: describe(error) });
    return "gave-up";
  }
  deps.logger.error("schedule gave up", { ...why, deadLetter: dlq, outcome: "dead-lettered" });
  return "dead-lettered";
};
