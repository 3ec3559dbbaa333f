import { SchedulerClient } from "@aws-sdk/client-scheduler";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { awsClientOptions } from "../../functions/adapters/aws-clients";
import type { ResolvedScheduleConfig } from "../../functions/core/config/schedules";
import type { Logger } from "../../functions/core/logging/logger";
import type { Cleanup } from "../cleanup";
import { putConfiguredSchedules } from "./configured-schedules";
import type { SchedulerClock } from "./emulator/clock";
import { startSchedulerEmulator } from "./emulator/start-emulator";
import type { LambdaTarget } from "./emulator/targets";
import { LOCAL_TICK_DEAD_LETTER_QUEUE, provisionDelayQueue } from "./provision";

/** The local stack's schedule group (in the cloud: the stack's name). */
export const LOCAL_SCHEDULE_GROUP = "fifoq";

/** The local Scheduler role's (fake but well-formed) ARN; local IAM maps it to the deployment's. */
export const localSchedulerRoleArn = (account: string): string =>
  `arn:aws:iam::${account}:role/fifoq-scheduler`;

export interface LocalSchedulerInput {
  readonly sqs: SQSClient;
  /** The release function (its cron ticks' target), once it runs; unset: ticks fail (and are retried). */
  readonly releaseFunction: () => LambdaTarget | undefined;
  /** The delay queue's ARN: the local region and account the fake ARNs are made in. */
  readonly delayQueueArn: string;
  /** Where schedules outlive a restart (`.fifoq/scheduler.json`). @default in memory */
  readonly stateFile?: string | undefined;
  readonly schedules: readonly ResolvedScheduleConfig[];
  /** Each queue's idempotency window (0: off), by name: it bounds how long a tick is retried. @default none (5 min) */
  readonly idempotencyWindows?: Readonly<Record<string, number>> | undefined;
  /** Run the release function (ticks are published): off, the configured schedules are not created. */
  readonly release: boolean;
  readonly logger: Logger;
  readonly cleanup: Cleanup;
  /** @default the process's clock (tests inject theirs) */
  readonly clock?: SchedulerClock | undefined;
}

/** What the functions need to use the local Scheduler (the API and release functions' environment). */
export interface LocalScheduler {
  readonly endpoint: string;
  readonly groupName: string;
  /** Fake but well-formed: the Scheduler role and the release function as CDK would name them. */
  readonly roleArn: string;
  readonly releaseFunctionArn: string;
  readonly tickDeadLetterArn: string;
}

/**
 * EventBridge Scheduler for the local stack: the emulator (its state in `stateFile`), whose function target is
 * the release function's entry (`createReleaseEntry`, as the Lambda runs it), and the configuration's cron
 * schedules created in it as the CDK stack creates them.
 */
export const startLocalScheduler = async (input: LocalSchedulerInput): Promise<LocalScheduler> => {
  const [, , , region = "us-east-1", account = "000000000000"] = input.delayQueueArn.split(":");
  const releaseFunctionArn = `arn:aws:lambda:${region}:${account}:function:fifoq-release`;
  const roleArn = localSchedulerRoleArn(account);
  const tickDeadLetter = await provisionDelayQueue(input.sqs, LOCAL_TICK_DEAD_LETTER_QUEUE);
  const release: LambdaTarget = async (event) => {
    const fn = input.releaseFunction();
    if (!fn) throw new Error("the release function is not running yet");
    await fn(event);
  };
  const emulator = await startSchedulerEmulator({
    sqs: input.sqs,
    functions: input.release ? { [releaseFunctionArn]: release } : {},
    groups: [LOCAL_SCHEDULE_GROUP],
    stateFile: input.stateFile,
    logger: input.logger,
    region,
    account,
    ...(input.clock ? { clock: input.clock } : {}),
  });
  input.cleanup.add("Scheduler emulator", () => emulator.stop());
  const scheduler: LocalScheduler = {
    endpoint: emulator.endpoint,
    groupName: LOCAL_SCHEDULE_GROUP,
    roleArn,
    releaseFunctionArn,
    tickDeadLetterArn: tickDeadLetter.arn,
  };
  if (!input.release || input.schedules.length === 0) return scheduler;
  const client = new SchedulerClient(awsClientOptions({ endpoint: emulator.endpoint, region }));
  try {
    await putConfiguredSchedules(client, input.schedules, {
      groupName: scheduler.groupName,
      functionArn: releaseFunctionArn,
      roleArn,
      deadLetterArn: scheduler.tickDeadLetterArn,
      idempotencyWindows: input.idempotencyWindows ?? {},
    });
  } finally {
    client.destroy();
  }
  return scheduler;
};
