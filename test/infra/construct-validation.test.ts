import { App, Duration, Errors, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import { describe, expect, it } from "vitest";
import { FifoQueueConsumer, type FifoQueueConsumerProps } from "../../infra/constructs/fifo-queue-consumer";
import { FifoqApi } from "../../infra/constructs/fifoq-api";
import type { FifoqApiProps } from "../../infra/constructs/fifoq-api-props";
import { FIXTURE_API, FIXTURE_CONSUMER } from "./support/fifoq-test-stack";

/** A stack that stages assets without bundling: the refusals happen before anything is bundled. */
const newStack = (): Stack => {
  const app = new App({ context: { "aws:cdk:bundling-stacks": [] }, builtinCloudFormationValidation: false });
  return new Stack(app, "ValidationTest");
};

const build = (overrides: Partial<FifoQueueConsumerProps> = {}) => {
  const stack = newStack();
  const idempotencyTable = new dynamodb.Table(stack, "Idempotency", {
    partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING },
  });
  const consumer = new FifoQueueConsumer(stack, "Orders", {
    queueName: "orders",
    entry: FIXTURE_CONSUMER,
    idempotencyTable,
    ...overrides,
  });
  return { stack, consumer };
};

describe("FifoQueueConsumer props", () => {
  it("refuses a visibility timeout below 6 × the function timeout, naming the value and the minimum", () => {
    // Arrange: a 30 s function timeout; Act: the visibility timeout is 60 s; Assert: construction fails
    expect(() => build({ timeout: Duration.seconds(30), visibilityTimeout: Duration.seconds(60) })).toThrow(
      /FifoQueueConsumer "orders": visibilityTimeout \(visibilityTimeoutSeconds\) = 60 is not allowed; at least 6 × functionTimeoutSeconds \(30\) = 180/,
    );
  });

  it("refuses with CDK's ValidationError, attached to the construct", () => {
    // Act
    let thrown: unknown;
    try {
      build({ batchSize: 11 });
    } catch (error) {
      thrown = error;
    }

    // Assert
    expect(Errors.isValidationError(thrown)).toBe(true);
    expect((thrown as { constructPath?: string }).constructPath).toBe("ValidationTest/Orders");
  });

  it("names the queues after the stack when given one, and keeps the short names without", () => {
    // Act: named after a stack
    const named = build({ stackName: "FifoqDev" });

    // Assert
    expect(named.consumer.physicalNames).toEqual({
      queue: "FifoqDev-orders.fifo",
      deadLetterQueue: "FifoqDev-orders-dlq.fifo",
    });

    // Act and assert: without a stack name
    expect(build().consumer.physicalNames.queue).toBe("orders.fifo");
  });

  it("accepts a visibility timeout of exactly 6 × the function timeout", () => {
    // Act
    const { stack } = build({ timeout: Duration.seconds(30), visibilityTimeout: Duration.seconds(180) });

    // Assert
    Template.fromStack(stack).hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "orders.fifo",
      VisibilityTimeout: 180,
    });
  });

  it("defaults the visibility timeout to 6 × the function timeout", () => {
    // Act
    const { stack } = build({ timeout: Duration.seconds(20) });

    // Assert
    Template.fromStack(stack).hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "orders.fifo",
      VisibilityTimeout: 120,
    });
  });

  it.each([
    [{ batchSize: 11 }, /"orders": batchSize = 11 is not allowed; an integer from 1 to 10$/],
    [{ batchSize: 0 }, /batchSize = 0 is not allowed; an integer from 1 to 10/],
    [{ batchSize: 2.5 }, /batchSize = 2.5 is not allowed/],
    [{ maxConcurrency: 1 }, /maxConcurrency = 1 is not allowed; an integer from 2 to 1000/],
    [{ maxReceiveCount: 0 }, /maxReceiveCount = 0 is not allowed; an integer from 1 to 1000/],
    [
      { timeout: Duration.minutes(16) },
      /timeout \(functionTimeoutSeconds\) = 960 is not allowed; an integer from 1 to 900/,
    ],
    [{ memorySize: 64 }, /memorySize \(memorySizeMb\) = 64 is not allowed; an integer from 128 to 10240/],
    [
      { retentionPeriod: Duration.days(15) },
      /retentionPeriod \(retentionSeconds\) = 1296000 is not allowed; an integer from 60 to 1209600/,
    ],
    [
      { idempotencyWindow: Duration.seconds(30) },
      /idempotencyWindow \(idempotencyWindowSeconds\) = 30 is not allowed; an integer from 60 to 2592000/,
    ],
    [
      { retry: { minDelay: Duration.seconds(0) } },
      /retry\.minDelay \(retry\.minSeconds\) = 0 is not allowed; an integer from 1 to 43170/,
    ],
    [
      { retry: { minDelay: Duration.seconds(10), maxDelay: Duration.seconds(5) } },
      /retry\.maxDelay \(retry\.maxSeconds\) = 5 is not allowed; an integer from retry\.minSeconds \(10\)/,
    ],
    [
      { timeout: Duration.seconds(900), retry: { maxDelay: Duration.hours(12) } },
      /retry\.maxDelay \(retry\.maxSeconds\) = 43200 is not allowed; .* to 42300/,
    ],
    [
      { maxReceiveCount: 10, retentionPeriod: Duration.minutes(10) },
      /retry\.maxDelay \(retry\.maxSeconds\) = 300 is not allowed; .* they add up to 811 s/,
    ],
    [
      { queueName: "Orders_1" },
      /FifoQueueConsumer "Orders_1": queueName \(name\) = "Orders_1" is not allowed; 1 to 64 characters of a-z, 0-9 and '-'/,
    ],
    [
      { stackName: "S".repeat(70) },
      /dead-letter queue would be "S{70}-orders-dlq.fifo", 86 characters, and SQS allows at most 80/,
    ],
  ] satisfies [Partial<FifoQueueConsumerProps>, RegExp][])("refuses %o", (overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
  });

  it("accepts the limits themselves", () => {
    // Act and assert
    expect(() =>
      build({
        batchSize: 10,
        maxConcurrency: 1000,
        maxReceiveCount: 1,
        timeout: Duration.seconds(900),
        visibilityTimeout: Duration.hours(12),
        retentionPeriod: Duration.days(14),
        idempotencyWindow: Duration.seconds(0),
      }),
    ).not.toThrow();
  });

  it("gives the consumer the retry backoff, or none when retry is false", () => {
    // Arrange: the consumer's environment for given props
    const variables = (props: Partial<FifoQueueConsumerProps>) => {
      const { stack } = build(props);
      const functions = Template.fromStack(stack).findResources("AWS::Lambda::Function");
      const [fn] = Object.values(functions) as { Properties: { Environment: { Variables: object } } }[];
      return fn?.Properties.Environment.Variables;
    };

    // Act and assert
    expect(variables({})).toMatchObject({ FIFOQ_RETRY_MIN_SECONDS: "1", FIFOQ_RETRY_MAX_SECONDS: "300" });
    expect(variables({ retry: { minDelay: Duration.seconds(5) } })).toMatchObject({
      FIFOQ_RETRY_MIN_SECONDS: "5",
      FIFOQ_RETRY_MAX_SECONDS: "300",
    });
    expect(variables({ retry: false })).not.toHaveProperty("FIFOQ_RETRY_MIN_SECONDS");
    expect(variables({ retry: false })).not.toHaveProperty("FIFOQ_RETRY_MAX_SECONDS");
  });

  it("exposes the queue, its dead-letter queue and the consumer for further wiring", () => {
    // Act
    const { consumer } = build({ contentBasedDeduplication: true });

    // Assert
    expect(consumer.queueName).toBe("orders");
    expect(consumer.contentBasedDeduplication).toBe(true);
    expect(consumer.queue.fifo).toBe(true);
    expect(consumer.deadLetterQueue.fifo).toBe(true);
    expect(consumer.consumer.fn.runtime.name).toBe("nodejs24.x");
  });
});

describe("FifoqApi props", () => {
  const buildApi = (overrides: Partial<FifoqApiProps>) => {
    const { stack, consumer } = build();
    const deadLetterTable = new dynamodb.Table(stack, "DeadLetters", {
      partitionKey: { name: "queue", type: dynamodb.AttributeType.STRING },
    });
    return new FifoqApi(stack, "Api", {
      queues: [{ name: consumer.queueName, contentBasedDeduplication: false }],
      queueUrlPrefix: "https://sqs.us-east-1.amazonaws.com/123456789012/",
      deadLetterTable,
      entry: FIXTURE_API,
      ...overrides,
    });
  };

  it.each([
    [{ rateLimit: 0 }, /FifoqApi: rateLimit = 0 is not allowed; it must be an integer from 1 to 10000/],
    [
      { burstLimit: 5001 },
      /FifoqApi: burstLimit = 5001 is not allowed; it must be an integer from 1 to 5000/,
    ],
    [{ queues: [] }, /FifoqApi: queues is empty/],
  ] satisfies [Partial<FifoqApiProps>, RegExp][])("refuses %o", (overrides, message) => {
    expect(() => buildApi(overrides)).toThrow(message);
  });
});
