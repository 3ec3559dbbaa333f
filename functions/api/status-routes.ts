import { API_ROUTES, type MessageStatus } from "../../contract";
import { createStatusSources } from "../adapters/status/status-sources";
import { pathParam } from "../core/http/params";
import { jsonRoute } from "../core/http/route";
import type { Route } from "../core/http/types";
import { findQueueTarget } from "../core/producer/queues";
import { lookupStatus } from "../core/status/lookup";
import type { ApiDeps } from "./deps";

/**
 * `GET /queues/{queue}/messages/{dedupId}?groupId=` (operator key): where a message is, from the idempotency
 * records, the dead-letter table and the scheduled store (`core/status`), in at most five reads on keys.
 */
export const statusRoutes = (deps: ApiDeps): Route[] => {
  const now = deps.now ?? Date.now;
  const sources = createStatusSources({
    dynamo: deps.dynamo,
    deadLetterTable: deps.deadLetterTable,
    idempotencyTable: deps.idempotencyTable,
    scheduledTable: deps.time?.scheduledTable,
    now,
  });
  return [
    jsonRoute(API_ROUTES.messageStatus, async (request, context) => {
      const queue = findQueueTarget(deps.queues, pathParam(request, "queue")).name;
      context.annotate({ queue });
      const query = {
        queue,
        groupId: request.query.groupId,
        dedupId: pathParam(request, "dedupId"),
        idempotency: deps.queues[queue]?.idempotency,
        nowMs: now(),
      };
      const status = await lookupStatus(query, sources);
      context.annotate({ status: status.status });
      return status satisfies MessageStatus;
    }),
  ];
};
