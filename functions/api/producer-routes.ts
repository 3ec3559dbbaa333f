import { API_ROUTES } from "../../contract";
import { createSqsMessageSender } from "../adapters/sqs/message-sender";
import { createSqsQueueStats } from "../adapters/sqs/queue-stats";
import { readJsonBody } from "../core/http/json-body";
import { pathParam } from "../core/http/params";
import { jsonRoute } from "../core/http/route";
import type { Route, RouteContext, RouteRequest } from "../core/http/types";
import { PRODUCER_LIMITS } from "../core/producer/limits";
import { listQueues } from "../core/producer/list-queues";
import { publishBatch } from "../core/producer/publish-batch";
import { publishMessage } from "../core/producer/publish-message";
import { allQueueTargets, findQueueTarget } from "../core/producer/queues";
import type { DeadLetterCounter, MessageSender, QueueStatsReader, QueueTarget } from "../core/producer/types";
import type { ScheduleDeps } from "../core/scheduled/schedule-message";
import type { ApiDeps } from "./deps";

export interface ProducerRouteOptions {
  /** `GET /queues`' `deadLetters` (the API counts them in the dead-letter table). */
  readonly deadLetterCount: DeadLetterCounter;
  /** SendMessageBatch calls in flight at once per batch request. @default 10 */
  readonly maxInFlight?: number;
  /** Delayed messages; unset, a publish with a delay is refused. */
  readonly schedule?: ScheduleDeps | undefined;
}

const requestedQueue = (deps: ApiDeps, request: RouteRequest, context: RouteContext): QueueTarget => {
  const name = pathParam(request, "queue");
  context.annotate({ queue: name });
  return findQueueTarget(deps.queues, name);
};

const readPayload = (request: RouteRequest) =>
  readJsonBody(request, { maxBytes: PRODUCER_LIMITS.maxRequestBytes });

const entryCount = (payload: unknown): number => {
  const messages =
    typeof payload === "object" && payload !== null ? Reflect.get(payload, "messages") : undefined;
  return Array.isArray(messages) ? messages.length : 0;
};

const describe = (error: unknown) =>
  error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: "Error", message: String(error) };

const listQueuesRoute = (deps: ApiDeps, stats: QueueStatsReader, options: ProducerRouteOptions): Route =>
  jsonRoute(API_ROUTES.listQueues, async () => {
    const queues = await listQueues(allQueueTargets(deps.queues), {
      stats,
      deadLetterCount: options.deadLetterCount,
    });
    return { queues };
  });

const publishRoute = (deps: ApiDeps, sender: MessageSender, schedule: ScheduleDeps | undefined): Route =>
  jsonRoute(API_ROUTES.publishMessage, async (request, context) => {
    const queue = requestedQueue(deps, request, context);
    const payload = readPayload(request);
    context.annotate({ count: 1 });
    const idempotencyKey = request.headers["idempotency-key"];
    const result = await publishMessage(
      { queue, payload, idempotencyKey },
      { sender, schedule, payloads: deps.payloads },
    );
    context.annotate({ scheduled: "scheduledId" in result ? 1 : 0 });
    return result;
  });

const publishBatchRoute = (deps: ApiDeps, sender: MessageSender, options: ProducerRouteOptions): Route =>
  jsonRoute(API_ROUTES.publishBatch, async (request, context) => {
    const queue = requestedQueue(deps, request, context);
    const payload = readPayload(request);
    context.annotate({ count: entryCount(payload) });
    const result = await publishBatch(
      { queue, payload, idempotencyKey: request.headers["idempotency-key"] },
      {
        sender,
        schedule: options.schedule,
        payloads: deps.payloads,
        ...(options.maxInFlight ? { maxInFlight: options.maxInFlight } : {}),
        onSendError: (error) => context.annotate({ sendError: describe(error) }),
      },
    );
    const failed = result.results.filter((entry) => entry.status === "failed").length;
    const scheduled = result.results.filter((entry) => "scheduledId" in entry).length;
    context.annotate({ accepted: result.results.length - failed, failed, scheduled });
    return result;
  });

/** `GET /queues`, `POST /queues/{queue}/messages` and `POST /queues/{queue}/messages/batch`. */
export const producerRoutes = (deps: ApiDeps, options: ProducerRouteOptions): Route[] => {
  const sender = createSqsMessageSender(deps.sqs);
  return [
    listQueuesRoute(deps, createSqsQueueStats(deps.sqs), options),
    publishRoute(deps, sender, options.schedule),
    publishBatchRoute(deps, sender, options),
  ];
};
