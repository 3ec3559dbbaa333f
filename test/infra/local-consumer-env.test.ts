import { beforeAll, describe, expect, it } from "vitest";
import { consumerEnvironment } from "../../local/functions/consumer-env";
import { buildTestStack, SYNTH_TIMEOUT_MS, testConfig } from "./support/fifoq-test-stack";
import { functionProps } from "./support/template-queries";

describe("the local stack's consumer environment", () => {
  let cloud: string[];

  beforeAll(() => {
    // Arrange: the consumer Lambda the CDK stack deploys for the test config
    const props = functionProps(
      buildTestStack().queueTemplate("orders"),
      "fifoq consumer of FifoqTest-orders.fifo",
    );
    cloud = Object.keys((props.Environment as { Variables: Record<string, unknown> }).Variables);
  }, SYNTH_TIMEOUT_MS);

  it("sets every FIFOQ_ variable the cloud consumer gets, so the module's edge reads the same settings", () => {
    // Act: the local stack builds the environment of the same queue's consumer worker
    const [queue] = testConfig().queues;
    if (!queue) throw new Error("the test config has a queue");
    const local = consumerEnvironment({
      queue,
      provisioned: {
        name: "orders",
        url: "http://q",
        arn: "arn:aws:sqs:us-east-1:0:orders.fifo",
        dlqUrl: "http://d",
        dlqArn: "arn",
      },
      idempotencyTable: "fifoq-idempotency",
      sqsEndpoint: "http://127.0.0.1:1",
      dynamoDbEndpoint: "http://127.0.0.1:2",
      payloadBucket: "fifoq-payloads",
      logLevel: "info",
      fn: {
        functionName: "fifoq-orders-consumer",
        timeoutMs: 30_000,
        memorySizeMb: 256,
        region: "us-east-1",
      },
    });

    // Assert: it has every fifoq variable of the cloud function
    const fifoqNames = cloud.filter((name) => name.startsWith("FIFOQ_"));
    expect(fifoqNames.length).toBeGreaterThan(0);
    expect(Object.keys(local)).toEqual(expect.arrayContaining(fifoqNames));
  });
});
