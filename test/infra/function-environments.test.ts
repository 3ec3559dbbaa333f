import { beforeAll, describe, expect, it } from "vitest";
import { ENV } from "../../functions/core/env-names";
import { apiFunction } from "../../local/functions/api-function";
import { LOCAL_METRICS_STACK, type LocalRuntime } from "../../local/functions/lambda-environment";
import { consumerFunction, recorderFunction } from "../../local/queue-functions";
import { LOCAL_KEY_IDS } from "../../local/start-local-stack";
import {
  buildTestStack,
  SYNTH_TIMEOUT_MS,
  TEST_STACK,
  type TestStack,
  testConfig,
} from "./support/fifoq-test-stack";
import { functionProps } from "./support/template-queries";

/** What only the local stack sets: the emulators' endpoints. */
const LOCAL_ONLY = new Set<string>([
  ENV.sqsEndpoint,
  ENV.dynamoDbEndpoint,
  ENV.s3Endpoint,
  ENV.schedulerEndpoint,
]);

const runtime: LocalRuntime = {
  base: {},
  sqsEndpoint: "http://127.0.0.1:1",
  dynamoDbEndpoint: "http://127.0.0.1:2",
  payloadBucket: "fifoq-payloads",
  logLevel: "info",
};
const tables = { idempotency: "local-idempotency", deadLetters: "local-dead-letters" };
const [queueConfig] = testConfig().queues;
if (!queueConfig) throw new Error("the test config has a queue");
const queue = {
  config: queueConfig,
  provisioned: {
    name: "orders",
    url: "http://127.0.0.1:1/000000000000/orders.fifo",
    arn: "arn:aws:sqs:us-east-1:000000000000:orders.fifo",
    dlqUrl: "http://127.0.0.1:1/000000000000/orders-dlq.fifo",
    dlqArn: "arn:aws:sqs:us-east-1:000000000000:orders-dlq.fifo",
  },
};

const cloudVariables = (props: Record<string, unknown>): Record<string, unknown> =>
  (props.Environment as { Variables: Record<string, unknown> }).Variables;

/**
 * Holds the local environment to the cloud one: the same fifoq variables; where the cloud has a literal, the
 * same literal (the stack name aside: locally "local"); where it has a reference to a resource, the local
 * resource `resources` names.
 */
const expectSameEnvironment = (
  cloud: Record<string, unknown>,
  local: Record<string, string>,
  resources: Readonly<Record<string, string>>,
  bundled: readonly string[] = [],
) => {
  const fifoq = (names: string[]) => names.filter((name) => name.startsWith("FIFOQ_")).sort();
  const localNames = fifoq(Object.keys(local)).filter(
    (name) => !LOCAL_ONLY.has(name) && !bundled.includes(name),
  );
  expect(localNames).toEqual(fifoq(Object.keys(cloud)));
  const literals = localNames.filter((name) => typeof cloud[name] === "string" && name !== ENV.stackName);
  expect(literals.length).toBeGreaterThan(0);
  for (const name of literals) expect([name, local[name]]).toEqual([name, cloud[name]]);
  for (const name of localNames.filter((candidate) => typeof cloud[candidate] !== "string"))
    expect([name, local[name]]).toEqual([name, resources[name]]);
  expect([cloud[ENV.stackName], local[ENV.stackName]]).toEqual([TEST_STACK, LOCAL_METRICS_STACK]);
};

describe("each function's environment: one builder for the CDK stack and the local stack", () => {
  let stack: TestStack;

  beforeAll(() => {
    // Arrange: the stack the CDK deploys for the test config
    stack = buildTestStack();
  }, SYNTH_TIMEOUT_MS);

  it("the consumer gets the same variables and values as in the cloud", () => {
    // Act
    const cloud = cloudVariables(
      functionProps(stack.queueTemplate("orders"), `fifoq consumer of ${TEST_STACK}-orders.fifo`),
    );
    const local = consumerFunction(queue, { tables, runtime }).env;

    // Assert
    expectSameEnvironment(cloud, local, {
      [ENV.queueUrl]: queue.provisioned.url,
      [ENV.dlqUrl]: queue.provisioned.dlqUrl,
      [ENV.idempotencyTable]: tables.idempotency,
      [ENV.payloadBucket]: runtime.payloadBucket,
    });
  });

  it("the dead-letter recorder gets the same variables and values as in the cloud", () => {
    // Act
    const cloud = cloudVariables(
      functionProps(
        stack.queueTemplate("orders"),
        `fifoq dead-letter recorder of ${TEST_STACK}-orders-dlq.fifo`,
      ),
    );
    const local = recorderFunction(queue, { tables, runtime }).env;

    // Assert: the recorder writes no metrics, so no stack name either side
    expect(local[ENV.stackName]).toBeUndefined();
    const withStack = { ...local, [ENV.stackName]: LOCAL_METRICS_STACK };
    expectSameEnvironment({ ...cloud, [ENV.stackName]: TEST_STACK }, withStack, {
      [ENV.deadLetterTable]: tables.deadLetters,
      [ENV.idempotencyTable]: tables.idempotency,
      [ENV.payloadBucket]: runtime.payloadBucket,
    });
  });

  it("the API gets the same variables and values as in the cloud, and locally the queue list the cloud bundles", () => {
    // Act: locally, EventBridge Scheduler is the emulator (its endpoint is the one local-only variable)
    const cloud = cloudVariables(functionProps(stack.template(), "fifoq producer and dead-letter API"));
    const time = {
      scheduledTable: `${TEST_STACK}-scheduled`, // a fixed name in the cloud (a literal): the local function gets the same
      delayQueueUrl: "http://127.0.0.1:1/000000000000/delay",
      delayQueueArn: "arn:aws:sqs:us-east-1:000000000000:delay",
      schedulerGroup: TEST_STACK, // the stack's name in the cloud (a literal)
      schedulerRoleArn: "arn:aws:iam::000000000000:role/fifoq-scheduler",
      tickTargetArn: "arn:aws:lambda:us-east-1:000000000000:function:fifoq-release",
      tickDeadLetterArn: "arn:aws:sqs:us-east-1:000000000000:fifoq-tick-dlq",
      schedulerEndpoint: "http://127.0.0.1:3",
    };
    const local = apiFunction({
      queues: [queue],
      deadLetterTable: tables.deadLetters,
      idempotencyTable: tables.idempotency,
      operatorKeyId: LOCAL_KEY_IDS.operator,
      runtime,
      time,
    }).env;

    // Assert
    expectSameEnvironment(
      cloud,
      local,
      {
        [ENV.queueUrlPrefix]: "http://127.0.0.1:1/000000000000/",
        [ENV.deadLetterTable]: tables.deadLetters,
        [ENV.idempotencyTable]: tables.idempotency,
        [ENV.operatorKeyId]: LOCAL_KEY_IDS.operator,
        [ENV.payloadBucket]: runtime.payloadBucket,
        [ENV.delayQueueUrl]: time.delayQueueUrl,
        [ENV.delayQueueArn]: time.delayQueueArn,
        [ENV.schedulerRoleArn]: time.schedulerRoleArn,
        [ENV.tickTargetArn]: time.tickTargetArn,
        [ENV.tickDeadLetterArn]: time.tickDeadLetterArn,
      },
      [ENV.queues, ENV.schedules],
    );
    expect(JSON.parse(local[ENV.schedules] ?? "")).toEqual([]);
    expect(JSON.parse(local[ENV.queues] ?? "")).toEqual({
      orders: {
        contentBasedDeduplication: queueConfig.contentBasedDeduplication,
        dedupScope: queueConfig.highThroughput ? "messageGroup" : "queue",
        idempotencyWindowSeconds: queueConfig.idempotencyWindowSeconds,
      },
    });
  });

  it("locally, a stack log above info gives no function a stack name, so none writes metrics lines nobody sees", () => {
    // Arrange
    const quiet: LocalRuntime = { ...runtime, logLevel: "warn" };
    const api = (at: LocalRuntime) =>
      apiFunction({
        queues: [queue],
        deadLetterTable: tables.deadLetters,
        idempotencyTable: tables.idempotency,
        operatorKeyId: LOCAL_KEY_IDS.operator,
        runtime: at,
      }).env;

    // Act
    const names = [
      api(quiet)[ENV.stackName],
      consumerFunction(queue, { tables, runtime: quiet }).env[ENV.stackName],
      api({ ...runtime, logLevel: "debug" })[ENV.stackName],
      consumerFunction(queue, { tables, runtime: { ...runtime, logLevel: "debug" } }).env[ENV.stackName],
    ];

    // Assert
    expect(names).toEqual([undefined, undefined, LOCAL_METRICS_STACK, LOCAL_METRICS_STACK]);
  });
});
