import { API_ROUTES } from "../../contract";
import { createTimeAdapters, type TimeAdapters } from "../adapters/scheduled/time-adapters";
import { NotFoundError } from "../core/http/errors";
import { pathParam } from "../core/http/params";
import { jsonRoute, plainRoute } from "../core/http/route";
import type { Route, RouteContext, RouteRequest } from "../core/http/types";
import { findQueueTarget } from "../core/producer/queues";
import { cancelScheduled } from "../core/scheduled/cancel";
import { InvalidScheduledQueryError, ScheduledNotFoundError } from "../core/scheduled/errors";
import { isScheduledId, randomIdPart } from "../core/scheduled/rules";
import type { ScheduleDeps } from "../core/scheduled/schedule-message";
import { scheduledPageView, scheduledView } from "../core/scheduled/view";
import type { ApiDeps } from "./deps";

/** What the delayed-message routes and the publish routes use; undefined when the deployment has none. */
export interface TimeKit extends TimeAdapters {
  readonly schedule: ScheduleDeps;
  readonly now: () => number;
}

export const timeKit = (deps: ApiDeps): TimeKit | undefined => {
  if (!deps.time) return undefined;
  const adapters = createTimeAdapters({
    sqs: deps.sqs,
    dynamo: deps.dynamo,
    queues: deps.queues,
    time: deps.time,
    scheduler: deps.scheduler,
  });
  const now = deps.now ?? Date.now;
  return {
    ...adapters,
    now,
    schedule: { store: adapters.store, trigger: adapters.trigger, now, randomId: randomIdPart },
  };
};

const LIMIT = { min: 1, max: 100, default: 20 };

const parseLimit = (raw: string | undefined): number => {
  if (raw === undefined || raw === "") return LIMIT.default;
  const value = Number(raw);
  if (!/^\d{1,3}$/.test(raw) || value < LIMIT.min || value > LIMIT.max) {
    throw new InvalidScheduledQueryError("limit", `must be a whole number from ${LIMIT.min} to ${LIMIT.max}`);
  }
  return value;
};

/** The queue (404 `QUEUE_NOT_FOUND`) and the id (404 `NOT_FOUND` when it cannot be one), before any store call. */
const target = (deps: ApiDeps, request: RouteRequest, context: RouteContext) => {
  const queue = findQueueTarget(deps.queues, pathParam(request, "queue")).name;
  context.annotate({ queue });
  const id = request.params.id ?? "";
  if (request.params.id !== undefined && !isScheduledId(id))
    throw new ScheduledNotFoundError(queue, id.slice(0, 64));
  return { queue, id };
};

/** `GET/DELETE /queues/{queue}/scheduled[/{id}]`. */
export const scheduledRoutes = (deps: ApiDeps, time: TimeKit | undefined): Route[] => {
  const available = (): TimeKit => {
    if (!time)
      throw new NotFoundError("this deployment has no delayed messages (no scheduled-message store)");
    return time;
  };
  return [
    jsonRoute(API_ROUTES.listScheduled, async (request, context) => {
      const kit = available();
      const { queue } = target(deps, request, context);
      const limit = parseLimit(request.query.limit);
      const page = await kit.store.list(queue, limit, request.query.cursor || undefined);
      const answer = scheduledPageView(queue, page);
      context.annotate({ count: answer.items.length });
      return answer;
    }),
    jsonRoute(API_ROUTES.getScheduled, async (request, context) => {
      const kit = available();
      const ref = target(deps, request, context);
      const record = await kit.store.get(ref);
      if (!record) throw new ScheduledNotFoundError(ref.queue, ref.id);
      return scheduledView(record);
    }),
    plainRoute(API_ROUTES.cancelScheduled, async (request, context) => {
      const kit = available();
      await cancelScheduled(target(deps, request, context), { store: kit.store, now: kit.now });
      return { status: 204 };
    }),
  ];
};
