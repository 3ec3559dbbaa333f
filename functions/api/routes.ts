import type { Route } from "../core/http/types";
import type { ApiDeps } from "./deps";
import { producerRoutes } from "./producer-routes";

/**
 * The API's whole route table; `createApiHandler` serves it. To add routes, add their list here, e.g.
 * `...deadLetterRoutes(deps)`. The router picks the most literal pattern when several match, so
 * `/queues/{queue}/dead-letters/redrive` and `/queues/{queue}/dead-letters/{id}` can coexist.
 */
export const apiRoutes = (deps: ApiDeps): Route[] => [...producerRoutes(deps)];
