import type { Route } from "../core/http/types";
import { consoleRoutes } from "./console-routes";
import { deadLetterCounter, deadLetterRoutes } from "./dead-letter-routes";
import type { ApiDeps } from "./deps";
import { openApiRoute } from "./openapi-route";
import { producerRoutes } from "./producer-routes";
import { scheduleKit, scheduleRoutes } from "./schedule-routes";
import { scheduledRoutes, timeKit } from "./scheduled-routes";
import { statusRoutes } from "./status-routes";

/**
 * The API's whole route table; `createApiHandler` serves it. The router picks the most literal pattern when
 * several match, so `/queues/{queue}/dead-letters/redrive` and `/queues/{queue}/dead-letters/{id}` coexist.
 * `GET /queues` counts dead letters from the dead-letter table: the recorders drain the DLQs, so DLQ depth
 * would always read about zero. The web console's page and files, and the OpenAPI document, are routes too
 * (they need no key). Each route is bound to its declaration in `contract/routes.ts`.
 */
export const apiRoutes = (deps: ApiDeps): Route[] => {
  const time = timeKit(deps);
  return [
    ...producerRoutes(deps, { deadLetterCount: deadLetterCounter(deps), schedule: time?.schedule }),
    ...deadLetterRoutes(deps),
    ...scheduledRoutes(deps, time),
    ...statusRoutes(deps),
    ...scheduleRoutes(scheduleKit(deps)),
    ...consoleRoutes(),
    openApiRoute(),
  ];
};
