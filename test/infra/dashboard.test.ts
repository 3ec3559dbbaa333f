import { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { queueConfig, testConfig, useBuiltStack } from "./support/fifoq-test-stack";
import { renderTokens } from "./support/template-queries";

interface Widget {
  readonly type: string;
  readonly properties: { readonly title?: string; readonly metrics?: unknown[][] };
}

/** Every metric of a widget as `namespace metric dimension=value …` plus its stat, e.g. `AWS/SQS …`. */
const metricsOf = (widget: Widget): string[] =>
  (widget.properties.metrics ?? []).map((entry) => {
    const options = entry.find((part) => typeof part === "object" && part !== null) as
      | { stat?: string }
      | undefined;
    const parts = entry.filter((part) => typeof part === "string") as string[];
    const [namespace, metric, ...dimensions] = parts;
    const pairs = [];
    for (let index = 0; index + 1 < dimensions.length; index += 2)
      pairs.push(`${dimensions[index]}=${dimensions[index + 1]}`);
    return `${namespace} ${metric} ${pairs.sort().join(" ")} ${options?.stat ?? ""}`.trim();
  });

describe("the stack's CloudWatch dashboard", () => {
  const built = useBuiltStack({
    config: testConfig({ queues: [queueConfig({ name: "orders" }), queueConfig({ name: "audit-log" })] }),
  });
  let root: Template;
  let template: Template;
  let widgets: Widget[];

  beforeAll(() => {
    root = built.template();
    const [page] = built.stack.dashboard.dashboards;
    if (!page) throw new Error("no dashboard");
    template = Template.fromStack(Stack.of(page));
    const [dashboard] = Object.values(template.findResources("AWS::CloudWatch::Dashboard"));
    widgets = (JSON.parse(renderTokens(dashboard?.Properties.DashboardBody)) as { widgets: Widget[] })
      .widgets;
  });

  const widget = (title: string): Widget => {
    const found = widgets.find((candidate) => candidate.properties.title === title);
    if (!found)
      throw new Error(`no widget "${title}" in ${widgets.map((w) => w.properties.title).join(" | ")}`);
    return found;
  };

  it("is one dashboard, in a nested stack of its own, named after the stack and the region (dashboards are global to the account)", () => {
    // Assert
    template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    root.resourceCountIs("AWS::CloudWatch::Dashboard", 0);
    const [dashboard] = Object.values(template.findResources("AWS::CloudWatch::Dashboard"));
    expect(renderTokens(dashboard?.Properties.DashboardName)).toBe("FifoqTest-<AWS::Region>");
  });

  it("shows the API's requests, 4xx, 5xx and latency", () => {
    // Arrange
    const requests = metricsOf(widget("API requests, 4xx and 5xx per minute"));

    // Assert
    expect(requests).toEqual([
      expect.stringMatching(/^AWS\/ApiGateway Count ApiName=FifoqTest Stage=<\w+> Sum$/),
      expect.stringMatching(/^AWS\/ApiGateway 4XXError ApiName=FifoqTest Stage=<\w+> Sum$/),
      expect.stringMatching(/^AWS\/ApiGateway 5XXError ApiName=FifoqTest Stage=<\w+> Sum$/),
    ]);
    expect(metricsOf(widget("API latency (ms)"))).toEqual([
      expect.stringMatching(/^AWS\/ApiGateway Latency .* p50$/),
      expect.stringMatching(/^AWS\/ApiGateway Latency .* p99$/),
      expect.stringMatching(/^AWS\/ApiGateway IntegrationLatency .* p99$/),
    ]);
  });

  it.each(["orders", "audit-log"])("shows %s's depth and the age of its oldest message", (queue) => {
    // Assert
    expect(metricsOf(widget(`${queue}: depth and age of the oldest message`))).toEqual([
      `AWS/SQS ApproximateNumberOfMessagesVisible QueueName=FifoqTest-${queue}.fifo Maximum`,
      `AWS/SQS ApproximateNumberOfMessagesNotVisible QueueName=FifoqTest-${queue}.fifo Maximum`,
      `AWS/SQS ApproximateAgeOfOldestMessage QueueName=FifoqTest-${queue}.fifo Maximum`,
    ]);
  });

  it.each(["orders", "audit-log"])(
    "shows %s's messages published, processed and failed per minute (EMF)",
    (queue) => {
      // Arrange
      const dims = `queue=${queue} stack=FifoqTest`;

      // Assert
      expect(metricsOf(widget(`${queue}: messages per minute`))).toEqual(
        ["Published", "Processed", "Duplicates", "Failed", "Skipped"].map(
          (name) => `fifoq ${name} ${dims} Sum`,
        ),
      );
    },
  );

  it("shows the dead letters: the runtime's, those SQS moved (received by the recorder), those waiting, redrives", () => {
    // Assert
    expect(metricsOf(widget("orders: dead letters and redrives"))).toEqual([
      "fifoq DeadLettered queue=orders stack=FifoqTest Sum",
      "AWS/SQS NumberOfMessagesReceived QueueName=FifoqTest-orders-dlq.fifo Sum",
      "AWS/SQS ApproximateNumberOfMessagesVisible QueueName=FifoqTest-orders-dlq.fifo Maximum",
      "fifoq Redriven queue=orders stack=FifoqTest Sum",
    ]);
  });

  it("shows delayed messages scheduled and released per queue, found by SEARCH on the stack", () => {
    // Act
    const expressions = JSON.stringify(widget("Delayed messages scheduled and released").properties);

    // Assert
    expect(expressions).toContain('MetricName=\\"Scheduled\\" stack=\\"FifoqTest\\"');
    expect(expressions).toContain('MetricName=\\"Released\\" stack=\\"FifoqTest\\"');
  });

  it("shows the consumer's duration, handler time, age at processing, throttles and errors", () => {
    // Arrange
    const consumer = metricsOf(widget("orders: consumer (ms), throttles and errors"));

    // Assert
    expect(consumer).toEqual([
      expect.stringMatching(
        /^AWS\/Lambda Duration FunctionName=<referenceto\w*ordersNestedStack\w*Outputs\w*ordersConsumerFunction\w*Ref> p99$/,
      ),
      "fifoq HandlerDuration queue=orders stack=FifoqTest p99",
      "fifoq AgeAtProcessing queue=orders stack=FifoqTest p99",
      expect.stringMatching(
        /^AWS\/Lambda Throttles FunctionName=<referenceto\w*ordersNestedStack\w*Outputs\w*ordersConsumerFunction\w*Ref> Sum$/,
      ),
      expect.stringMatching(
        /^AWS\/Lambda Errors FunctionName=<referenceto\w*ordersNestedStack\w*Outputs\w*ordersConsumerFunction\w*Ref> Sum$/,
      ),
    ]);
  });

  it("outputs the dashboard's name", () => {
    expect(renderTokens(root.toJSON().Outputs.DashboardNames.Value)).toMatch(
      /^<Dashboard\w+\.Outputs\.\w+>$/,
    );
  });
});
