import { API_ROUTES } from "../../contract";
import OPENAPI_DOCUMENT from "../../docs/openapi.json";
import { plainRoute } from "../core/http/route";
import type { Route } from "../core/http/types";

/**
 * `GET /openapi.json`: the API's OpenAPI 3.1 document, without a key. It is the committed `docs/openapi.json`
 * (generated from `contract/` by `npm run openapi`), bundled into the function.
 */
export const openApiRoute = (): Route =>
  plainRoute(API_ROUTES.openApi, async () => ({
    status: 200,
    headers: { "Cache-Control": "no-cache" },
    body: OPENAPI_DOCUMENT,
  }));
