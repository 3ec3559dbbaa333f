import type { ResponseBodies, RouteDeclaration } from "../../../contract";
import type { HttpResponse, Route, RouteContext, RouteRequest } from "./types";

type Handler<Answer> = (request: RouteRequest, context: RouteContext) => Promise<Answer>;

/** A declaration of the contract's route table whose success is a JSON body of a contract type. */
type JsonDeclaration = RouteDeclaration & { readonly response: keyof ResponseBodies };

/**
 * Binds a handler to a route of the contract's table that answers JSON: the handler returns the declared
 * contract type (checked at compile time) and the route answers it with the declared status.
 */
export const jsonRoute = <D extends JsonDeclaration>(
  declaration: D,
  handler: Handler<ResponseBodies[D["response"]]>,
): Route => ({
  ...declaration,
  handler: async (request, context) => ({
    status: declaration.status,
    body: await handler(request, context),
  }),
});

/** Binds a handler to a route without a JSON body (an empty 204, a redirect, a file): it answers in full. */
export const plainRoute = <D extends RouteDeclaration & { readonly response?: undefined }>(
  declaration: D,
  handler: Handler<HttpResponse>,
): Route => ({ ...declaration, handler });
