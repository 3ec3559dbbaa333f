import type { Route } from "../../functions/core/http/types";

/** A route for router and handler tests: a producer route answering 200 unless the test says otherwise. */
export const fakeRoute = (route: Pick<Route, "method" | "path" | "handler"> & Partial<Route>): Route => ({
  access: "producer",
  summary: "a test route",
  status: 200,
  errors: [],
  ...route,
});
