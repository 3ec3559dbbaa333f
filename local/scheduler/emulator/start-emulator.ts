import type { AddressInfo } from "node:net";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { Logger } from "../../../functions/core/logging/logger";
import { type SchedulerClock, systemClock } from "./clock";
import { createSchedulerServer } from "./http";
import { createScheduleRunner } from "./runner";
import { openScheduleStore } from "./store";
import { type LambdaTarget, scheduleArn } from "./targets";

export interface SchedulerEmulatorOptions {
  /** The local stack's SQS: queue targets and dead-letter queues. */
  readonly sqs: SQSClient;
  /** The local functions schedules may target, by ARN. @default none */
  readonly functions?: Readonly<Record<string, LambdaTarget>>;
  /** Schedule groups besides `default` (the stack's). @default none */
  readonly groups?: readonly string[];
  /** Where the schedules are kept across restarts (JSON, written atomically). @default in memory */
  readonly stateFile?: string | undefined;
  readonly logger: Logger;
  /** @default the process's clock and timers */
  readonly clock?: SchedulerClock;
  /** @default 0 (a free loopback port) */
  readonly port?: number;
  readonly account?: string;
  readonly region?: string;
}

export interface SchedulerEmulator {
  /** E.g. `http://127.0.0.1:43123`: the endpoint of `@aws-sdk/client-scheduler`. */
  readonly endpoint: string;
  /** Resolves when every fire started so far is done (delivered, dead-lettered or given up). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * EventBridge Scheduler's schedule API on a loopback port, for the local stack: one timer per armed schedule,
 * targets on the local SQS and functions, its schedules (and each one's last fire) kept in `stateFile`. At
 * start it replays what fell due while it was down: an `at()` whose time passed fires at once, a cron
 * schedule's missed ticks fire late, once each, in order (at most `MAX_REPLAYED_TICKS` each).
 */
export const startSchedulerEmulator = async (
  options: SchedulerEmulatorOptions,
): Promise<SchedulerEmulator> => {
  const clock = options.clock ?? systemClock;
  const logger = options.logger.child({ component: "local-scheduler" });
  const store = openScheduleStore(options.stateFile);
  const arnOf = (schedule: { GroupName: string; Name: string }) =>
    scheduleArn(schedule, options.account ?? "000000000000", options.region ?? "us-east-1");
  const runner = createScheduleRunner(store, {
    sqs: options.sqs,
    functions: options.functions ?? {},
    logger,
    clock,
    arnOf,
  });
  const server = createSchedulerServer(
    { store, runner, now: clock.now, groups: new Set(["default", ...(options.groups ?? [])]), arnOf },
    logger,
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  runner.replay();
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    idle: () => runner.idle(),
    stop: async () => {
      runner.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
