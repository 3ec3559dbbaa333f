import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { METRIC, METRICS_NAMESPACE } from "../../functions/core/metrics/emf";

/** Every queue's series of one metric of the stack, found by SEARCH (one widget, however many queues). */
const search = (stackName: string, metric: string, statistic: string, label: string) =>
  new cloudwatch.MathExpression({
    expression: `SEARCH('{${METRICS_NAMESPACE},stack,queue} MetricName="${metric}" stack="${stackName}"', '${statistic}', 300)`,
    label,
    period: Duration.minutes(5),
  });

/**
 * The dashboard's row for delayed messages: scheduled and released, release lateness (p99), failed releases —
 * per queue.
 */
export const timeWidgets = (stackName: string): cloudwatch.IWidget[] => [
  new cloudwatch.GraphWidget({
    title: "Delayed messages scheduled and released",
    left: [
      search(stackName, METRIC.scheduled, "Sum", "scheduled"),
      search(stackName, METRIC.released, "Sum", "released"),
    ],
    width: 8,
  }),
  new cloudwatch.GraphWidget({
    title: "Release lateness (p99, ms)",
    left: [search(stackName, METRIC.releaseLateness, "p99", "lateness p99")],
    width: 8,
  }),
  new cloudwatch.GraphWidget({
    title: "Release failures",
    left: [search(stackName, METRIC.releaseFailures, "Sum", "failures")],
    width: 8,
  }),
];
