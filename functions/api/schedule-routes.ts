import { API_ROUTES } from "../../contract";
import { createDynamoDbScheduleStore } from "../adapters/schedules/schedule-store";
import { NotFoundError } from "../core/http/errors";
import { readJsonBody } from "../core/http/json-body";
import { pathParam } from "../core/http/params";
import { jsonRoute, plainRoute } from "../core/http/route";
import type { Route, RouteRequest } from "../core/http/types";
import { MAX_SCHEDULED_BYTES } from "../core/scheduled/release-time";
import { listSchedulesPage } from "../core/schedules/list-page";
import { parseScheduleListQuery } from "../core/schedules/list-query";
import {
  deleteSchedule,
  getSchedule,
  type ManageDeps,
  putSchedule,
  setSchedulePaused,
} from "../core/schedules/manage";
import type { ApiDeps } from "./deps";

/** A PUT body: the schedule's message body at its largest, and room for the other fields. */
const MAX_DEFINITION_BYTES = MAX_SCHEDULED_BYTES + 16_384;

/** What the schedule routes use; undefined when the deployment has no scheduled table to keep records in. */
export const scheduleKit = (deps: ApiDeps): ManageDeps | undefined => {
  if (!deps.time) return undefined;
  return {
    store: createDynamoDbScheduleStore({ dynamo: deps.dynamo, table: deps.time.scheduledTable }),
    port: deps.schedules?.port,
    declared: deps.schedules?.declared ?? [],
    queues: Object.keys(deps.queues),
    now: deps.now ?? Date.now,
  };
};

const nameOf = (request: RouteRequest) => pathParam(request, "name");

/** `GET /schedules?limit=&cursor=`, `GET/PUT/DELETE /schedules/{name}` and `POST /schedules/{name}/pause|resume` (operator key). */
export const scheduleRoutes = (kit: ManageDeps | undefined): Route[] => {
  const available = (): ManageDeps => {
    if (!kit) throw new NotFoundError("this deployment has no schedule store (no scheduled-message table)");
    return kit;
  };
  return [
    jsonRoute(API_ROUTES.listSchedules, async (request, context) => {
      const deps = available();
      const list = await listSchedulesPage(deps, parseScheduleListQuery(request.query));
      context.annotate({ count: list.schedules.length });
      return list;
    }),
    jsonRoute(API_ROUTES.getSchedule, (request) => getSchedule(available(), nameOf(request))),
    jsonRoute(API_ROUTES.putSchedule, (request) => {
      const deps = available();
      const body = readJsonBody(request, { maxBytes: MAX_DEFINITION_BYTES });
      return putSchedule(deps, nameOf(request), body);
    }),
    plainRoute(API_ROUTES.deleteSchedule, async (request) => {
      await deleteSchedule(available(), nameOf(request));
      return { status: 204 };
    }),
    jsonRoute(API_ROUTES.pauseSchedule, (request) => setSchedulePaused(available(), nameOf(request), true)),
    jsonRoute(API_ROUTES.resumeSchedule, (request) => setSchedulePaused(available(), nameOf(request), false)),
  ];
};
