import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { GetScheduleCommand, ListSchedulesCommand, SchedulerClient } from "@aws-sdk/client-scheduler";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { awsClientOptions } from "../../../functions/adapters/aws-clients";
import { loadConfig } from "../../../functions/core/config/load";
import { tickDedupId } from "../../../functions/core/schedules/next-fire";
import { LOCAL_SCHEDULE_GROUP } from "../../../local/scheduler/local-scheduler";
import { type LocalStack, startLocalStack } from "../../../local/start-local-stack";
import { waitForLogLine } from "../../support/log-lines";
import { manualClock } from "../../support/manual-clock";
import { createMemoryLogger } from "../../support/memory-logger";
import { stackCaller } from "../../support/stack-call";

const FIXTURE_CONFIG = fileURLToPath(new URL("../local/fixtures/fixture.config.ts", import.meta.url));

describe("the local stack's EventBridge Scheduler", () => {
  const logger = createMemoryLogger();
  // The API and the release function run on the real clock: the Scheduler's starts there too.
  const clock = manualClock(Date.now());
  let stack: LocalStack;
  let scheduler: SchedulerClient;
  const call = stackCaller(
    () => stack.url,
    () => stack.apiKey,
  );

  beforeAll(async () => {
    const suffix = randomUUID().slice(0, 8);
    const config = await loadConfig(FIXTURE_CONFIG);
    const schedule = {
      name: "minutely",
      cron: "* * * * *",
      timezone: "Europe/Berlin",
      queue: "fixture",
      groupId: "ticks",
      body: JSON.stringify({ action: "ok" }),
      attributes: {},
    };
    stack = await startLocalStack({
      config: { ...config, schedules: [schedule] },
      dynamoDbEndpoint: inject("dynamoDbEndpoint"),
      tables: { idempotency: `fifoq-idempotency-${suffix}`, deadLetters: `fifoq-dead-letters-${suffix}` },
      scheduledTable: `fifoq-scheduled-${suffix}`,
      logger,
      schedulerClock: clock,
    });
    scheduler = new SchedulerClient(awsClientOptions({ endpoint: stack.schedulerEndpoint }));
  }, 60_000);
  afterAll(async () => {
    scheduler?.destroy();
    await stack?.stop();
  });

  it("creates a configured schedule as the CDK stack does, and its tick publishes its one message", async () => {
    // Arrange
    const created = await scheduler.send(
      new GetScheduleCommand({ Name: "minutely", GroupName: LOCAL_SCHEDULE_GROUP }),
    );
    const tick = Math.floor(clock.now() / 60_000) * 60_000 + 60_000;

    // Act
    clock.advance(60_000);

    // Assert
    expect(created).toMatchObject({
      ScheduleExpression: "cron(* * * * ? *)",
      ScheduleExpressionTimezone: "Europe/Berlin",
      Target: {
        Arn: "arn:aws:lambda:us-east-1:000000000000:function:fifoq-release",
        RetryPolicy: { MaximumRetryAttempts: 185 },
      },
    });
    await waitForLogLine(
      logger,
      { message: "fixture handled", queue: "fixture", dedupId: tickDedupId("minutely", tick) },
      30_000,
    );
  });

  it("carries a delay over 15 minutes to the delay queue through a one-time at() schedule", async () => {
    // Arrange
    const dedupId = randomUUID();

    // Act
    const response = await call("POST", "/queues/fixture/messages", {
      body: { action: "ok" },
      groupId: "later",
      dedupId,
      delaySeconds: 3600,
    });
    const scheduledId = String(response.body?.scheduledId);
    const listed = await scheduler.send(
      new ListSchedulesCommand({ GroupName: LOCAL_SCHEDULE_GROUP, NamePrefix: scheduledId }),
    );
    const [summary] = listed.Schedules ?? [];
    const schedule = await scheduler.send(
      new GetScheduleCommand({ Name: summary?.Name, GroupName: LOCAL_SCHEDULE_GROUP }),
    );

    // Assert
    expect(response.status).toBe(202);
    expect(schedule).toMatchObject({
      ScheduleExpression: expect.stringMatching(/^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/),
      ActionAfterCompletion: "DELETE",
      Target: { Arn: expect.stringMatching(/:fifoq-delay$/), Input: expect.stringContaining(scheduledId) },
    });
  });

  it("fires a schedule created over the API (PUT /schedules/{name}) once per tick", async () => {
    // Arrange
    const put = await call(
      "PUT",
      "/schedules/api-minutely",
      { cron: "* * * * *", queue: "fixture", groupId: "api-ticks", body: { action: "ok" } },
      stack.operatorKey,
    );
    const tick = Math.floor(clock.now() / 60_000) * 60_000 + 60_000;

    // Act
    clock.advance(60_000);

    // Assert
    expect(put.status).toBe(200);
    await waitForLogLine(
      logger,
      { message: "fixture handled", queue: "fixture", dedupId: tickDedupId("api-minutely", tick) },
      30_000,
    );
  });
});
