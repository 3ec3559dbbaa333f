import { Aws, Duration, Fn, NestedStack } from "aws-cdk-lib";
import type * as apigw from "aws-cdk-lib/aws-apigateway";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import type { QueueNames } from "../../functions/core/config/physical-names";
import { METRIC, METRICS_NAMESPACE } from "../../functions/core/metrics/emf";

/** A dashboard holds at most 500 widgets; each queue takes a row of 4, the API a header and a row. */
export const QUEUES_PER_DASHBOARD = 100;

const MINUTE = Duration.minutes(1);
const WIDGET = { width: 6, height: 6 } as const;

/** What the dashboard shows of one queue. */
export interface DashboardQueue {
  readonly name: string;
  /** The SQS names (the `QueueName` dimension of `AWS/SQS`). */
  readonly physicalNames: QueueNames;
  readonly consumer: lambda.IFunction;
}

export interface FifoqDashboardProps {
  /** The app stack's name: the `stack` dimension of fifoq's metrics and the start of the dashboard's name. */
  readonly stackName: string;
  readonly queues: readonly DashboardQueue[];
  readonly api: apigw.RestApi;
}

const sqsMetric = (queueName: string, metricName: string, label: string) =>
  new cloudwatch.Metric({
    namespace: "AWS/SQS",
    metricName,
    dimensionsMap: { QueueName: queueName },
    statistic: cloudwatch.Stats.MAXIMUM,
    period: MINUTE,
    label,
  });

/**
 * One CloudWatch dashboard per stack, `<stack>-<region>` (dashboards are global to the account, so the region
 * keeps two regions' stages apart; past 100 queues `-2`, `-3`, …): the API's requests, 4xx, 5xx and latency,
 * then one row per queue: depth and age of the oldest message; published, processed, duplicates, failed and
 * skipped per minute; dead letters (the runtime's, SQS's moves as the recorder receives them, those waiting)
 * and redrives; consumer duration, handler time, age at processing, throttles and errors. A dashboard body
 * takes about 7 KB of template per queue, so each dashboard lives in a nested stack of its own (`Page1`, …)
 * and the app stack's template stays small whatever the number of queues.
 */
export class FifoqDashboard extends Construct {
  readonly dashboards: readonly cloudwatch.Dashboard[];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: FifoqDashboardProps,
  ) {
    super(scope, id);
    const pages: DashboardQueue[][] = [];
    for (let start = 0; start < props.queues.length; start += QUEUES_PER_DASHBOARD) {
      pages.push(props.queues.slice(start, start + QUEUES_PER_DASHBOARD));
    }
    this.dashboards = pages.map((queues, index) => {
      const suffix = index === 0 ? "" : `-${index + 1}`;
      const page = new NestedStack(this, `Page${index + 1}`, {
        description: `fifoq dashboard ${index + 1} of stack ${props.stackName}`,
      });
      const dashboard = new cloudwatch.Dashboard(page, "Dashboard", {
        dashboardName: Fn.join("", [props.stackName, "-", Aws.REGION, suffix]),
        defaultInterval: Duration.hours(3),
      });
      dashboard.addWidgets(...this.apiRow());
      for (const queue of queues) dashboard.addWidgets(...this.queueRow(queue));
      return dashboard;
    });
  }

  private fifoqMetric(queue: string, metricName: string, statistic: string, label: string) {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { stack: this.props.stackName, queue },
      statistic,
      period: MINUTE,
      label,
    });
  }

  private apiRow(): cloudwatch.IWidget[] {
    const stage = this.props.api.deploymentStage;
    const sum = { period: MINUTE, statistic: cloudwatch.Stats.SUM };
    return [
      new cloudwatch.TextWidget({
        markdown: `# fifoq ${this.props.stackName}\nAPI requests, then one row per queue. Metrics: namespace \`${METRICS_NAMESPACE}\`, dimensions \`stack\`, \`queue\`.`,
        width: 24,
        height: 2,
      }),
      new cloudwatch.GraphWidget({
        title: "API requests, 4xx and 5xx per minute",
        ...WIDGET,
        width: 12,
        left: [
          stage.metricCount({ ...sum, label: "requests" }),
          stage.metricClientError({ ...sum, label: "4xx" }),
          stage.metricServerError({ ...sum, label: "5xx" }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: "API latency (ms)",
        ...WIDGET,
        width: 12,
        left: [
          stage.metricLatency({ period: MINUTE, statistic: cloudwatch.Stats.p(50), label: "p50" }),
          stage.metricLatency({ period: MINUTE, statistic: cloudwatch.Stats.p(99), label: "p99" }),
          stage.metricIntegrationLatency({
            period: MINUTE,
            statistic: cloudwatch.Stats.p(99),
            label: "integration p99",
          }),
        ],
      }),
    ];
  }

  private queueRow(queue: DashboardQueue): cloudwatch.IWidget[] {
    const { queue: sourceName, deadLetterQueue: dlqName } = queue.physicalNames;
    const count = (metric: string, label: string) =>
      this.fifoqMetric(queue.name, metric, cloudwatch.Stats.SUM, label);
    const p99 = (metric: string, label: string) =>
      this.fifoqMetric(queue.name, metric, cloudwatch.Stats.p(99), label);
    const fn = { period: MINUTE };
    return [
      new cloudwatch.GraphWidget({
        title: `${queue.name}: depth and age of the oldest message`,
        ...WIDGET,
        left: [
          sqsMetric(sourceName, "ApproximateNumberOfMessagesVisible", "waiting"),
          sqsMetric(sourceName, "ApproximateNumberOfMessagesNotVisible", "in flight"),
        ],
        right: [sqsMetric(sourceName, "ApproximateAgeOfOldestMessage", "oldest (s)")],
      }),
      new cloudwatch.GraphWidget({
        title: `${queue.name}: messages per minute`,
        ...WIDGET,
        left: [
          count(METRIC.published, "published"),
          count(METRIC.processed, "processed"),
          count(METRIC.duplicates, "duplicates"),
          count(METRIC.failed, "failed"),
          count(METRIC.skipped, "skipped"),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: `${queue.name}: dead letters and redrives`,
        ...WIDGET,
        left: [
          count(METRIC.deadLettered, "dead-lettered by the runtime"),
          new cloudwatch.Metric({
            namespace: "AWS/SQS",
            metricName: "NumberOfMessagesReceived",
            dimensionsMap: { QueueName: dlqName },
            statistic: cloudwatch.Stats.SUM,
            period: MINUTE,
            label: "reached the DLQ (recorded)",
          }),
          sqsMetric(dlqName, "ApproximateNumberOfMessagesVisible", "waiting in the DLQ"),
          count(METRIC.redriven, "redriven"),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: `${queue.name}: consumer (ms), throttles and errors`,
        ...WIDGET,
        left: [
          queue.consumer.metricDuration({
            ...fn,
            statistic: cloudwatch.Stats.p(99),
            label: "invocation p99",
          }),
          p99(METRIC.handlerDuration, "handler p99"),
          p99(METRIC.ageAtProcessing, "age at processing p99"),
        ],
        right: [
          queue.consumer.metricThrottles({ ...fn, statistic: cloudwatch.Stats.SUM, label: "throttles" }),
          queue.consumer.metricErrors({ ...fn, statistic: cloudwatch.Stats.SUM, label: "errors" }),
        ],
      }),
    ];
  }
}
