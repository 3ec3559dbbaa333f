import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  SchedulerClient,
} from "@aws-sdk/client-scheduler";
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll } from "vitest";
import { awsClientOptions } from "../../../functions/adapters/aws-clients";
import { createSqsClient } from "../../../functions/adapters/sqs/sqs-client";
import { type RunningEmulator, startSqsEmulator } from "../../../local/emulators/sqs";
import {
  type SchedulerEmulator,
  startSchedulerEmulator,
} from "../../../local/scheduler/emulator/start-emulator";
import { manualClock } from "../../support/manual-clock";
import { createMemoryLogger } from "../../support/memory-logger";
import { receiveMessages } from "../../support/test-stack";

export const FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:fifoq-release";
export const ROLE_ARN = "arn:aws:iam::000000000000:role/fifoq-scheduler";
export const GROUP = "fifoq";

/** One fauxqs per test file, with a target queue and a dead-letter queue. */
export const useSqs = () => {
  const context = {} as {
    emulator: RunningEmulator;
    sqs: SQSClient;
    queue: { url: string; arn: string };
    dlq: { url: string; arn: string };
  };
  const queue = async (name: string) => {
    const { QueueUrl = "" } = await context.sqs.send(new CreateQueueCommand({ QueueName: name }));
    const { Attributes } = await context.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
    );
    return { url: QueueUrl, arn: Attributes?.QueueArn ?? "" };
  };
  beforeAll(async () => {
    context.emulator = await startSqsEmulator();
    context.sqs = createSqsClient({ endpoint: context.emulator.endpoint });
    [context.queue, context.dlq] = await Promise.all([queue("targets"), queue("dead-letters")]);
  });
  afterAll(async () => {
    context.sqs.destroy();
    await context.emulator.stop();
  });
  return context;
};

/** Every message on a queue now, deleted. */
export const drain = async (sqs: SQSClient, url: string) => {
  const messages = await receiveMessages(sqs, url);
  for (const { ReceiptHandle } of messages)
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle }));
  return messages;
};

/** A Scheduler emulator on a hand-moved clock, its state in a fresh directory, the real SDK pointed at it. */
export const startEmulator = async (
  sqs: SQSClient,
  options: {
    start?: number;
    stateFile?: string;
    clock?: ReturnType<typeof manualClock>;
    fail?: () => boolean;
  } = {},
) => {
  const clock = options.clock ?? manualClock(options.start ?? Date.UTC(2027, 0, 30));
  const stateFile =
    options.stateFile ?? join(mkdtempSync(join(tmpdir(), "fifoq-scheduler-")), "scheduler.json");
  const events: unknown[] = [];
  const logger = createMemoryLogger();
  const emulator: SchedulerEmulator = await startSchedulerEmulator({
    sqs,
    clock,
    stateFile,
    groups: [GROUP],
    logger,
    functions: {
      [FUNCTION_ARN]: async (event) => {
        events.push(event);
        if (options.fail?.()) throw new Error("the function failed");
      },
    },
  });
  const client = new SchedulerClient({
    ...awsClientOptions({ endpoint: emulator.endpoint }),
    maxAttempts: 1,
  });
  /** Moves the clock and waits for what fell due to be delivered. */
  const advance = async (ms: number) => {
    clock.advance(ms);
    await emulator.idle();
  };
  const stop = async () => {
    client.destroy();
    await emulator.stop();
  };
  return { emulator, client, clock, stateFile, events, logger, advance, stop };
};

/** The parts of CreateSchedule every test repeats. */
export const toFunction = (input: string) => ({
  GroupName: GROUP,
  FlexibleTimeWindow: { Mode: "OFF" as const },
  Target: { Arn: FUNCTION_ARN, RoleArn: ROLE_ARN, Input: input },
});

/** CreateSchedule of a cron schedule whose target is the function. */
export const createCron = (
  name: string,
  expression: string,
  input = "{}",
  extra: Partial<CreateScheduleCommandInput> = {},
) =>
  new CreateScheduleCommand({ Name: name, ...toFunction(input), ScheduleExpression: expression, ...extra });
