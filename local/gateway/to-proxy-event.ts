import type { APIGatewayEventIdentity, APIGatewayProxyEvent } from "aws-lambda";
import { eventBody } from "./binary-body";
import { headerMaps, queryMaps, safeDecode, splitTarget } from "./request-parts";
import type { StageRoute } from "./stage-route";

/** One HTTP request as the local API Gateway received it. */
export interface GatewayRequest {
  readonly method: string;
  /** The request target, e.g. `/v1/queues/orders/messages?x=1`. */
  readonly target: string;
  /** Node's `rawHeaders`: names in the client's case, repeated headers kept. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
  /** e.g. `HTTP/1.1`. */
  readonly protocol: string;
}

/** What API Gateway knows about the request besides the request itself. */
export interface GatewayContext {
  readonly stage: string;
  readonly requestId: string;
  /** Epoch ms when the request arrived. */
  readonly requestTimeEpoch: number;
  /** `host:port` the client reached. */
  readonly domainName: string;
  readonly apiId: string;
  readonly accountId: string;
  /** The API key the request was accepted with, and its id. */
  readonly apiKey: string | null;
  readonly apiKeyId: string | null;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `requestTime` in API Gateway's format: `23/Nov/2026:22:23:17 +0000`. */
export const formatRequestTime = (epochMs: number): string => {
  const date = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, "0");
  const day = `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}`;
  return `${day}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
};

/** The `requestContext.identity` API Gateway sends for an API-key request (test factories build theirs here too). */
export const gatewayIdentity = (
  context: Pick<GatewayContext, "apiKey" | "apiKeyId">,
  sourceIp: string,
  userAgent: string | undefined,
) =>
  ({
    accessKey: null,
    accountId: null,
    apiKey: context.apiKey,
    apiKeyId: context.apiKeyId,
    caller: null,
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp,
    user: null,
    userAgent: userAgent ?? null,
    userArn: null,
  }) satisfies APIGatewayEventIdentity;

const requestContext = (
  request: GatewayRequest,
  route: StageRoute,
  context: GatewayContext,
  userAgent?: string,
) => ({
  accountId: context.accountId,
  apiId: context.apiId,
  authorizer: undefined,
  domainName: context.domainName,
  domainPrefix: context.domainName.split(".")[0] ?? context.domainName,
  extendedRequestId: context.requestId,
  httpMethod: request.method,
  identity: gatewayIdentity(context, request.sourceIp, userAgent),
  path: `/${context.stage}${route.path}`,
  protocol: request.protocol,
  requestId: context.requestId,
  requestTime: formatRequestTime(context.requestTimeEpoch),
  requestTimeEpoch: context.requestTimeEpoch,
  resourceId: route.resource === "/" ? "local-root" : "local-proxy",
  resourcePath: route.resource,
  stage: context.stage,
});

/**
 * Builds the REST API (v1) Lambda proxy event for a request that matched a route of the stage: `path` stays
 * percent-encoded, `pathParameters.proxy` and query values are decoded, absent parts are `null`.
 */
export const toProxyEvent = (
  request: GatewayRequest,
  route: StageRoute,
  context: GatewayContext,
): APIGatewayProxyEvent => {
  const headers = headerMaps(request.rawHeaders);
  const query = queryMaps(splitTarget(request.target).search);
  const lower = (name: string) =>
    Object.entries(headers.single).find(([key]) => key.toLowerCase() === name)?.[1];
  return {
    resource: route.resource,
    path: route.path,
    httpMethod: request.method,
    headers: headers.single,
    multiValueHeaders: headers.multi,
    queryStringParameters: query?.single ?? null,
    multiValueQueryStringParameters: query?.multi ?? null,
    pathParameters: route.resource === "/" ? null : { proxy: safeDecode(route.proxy) },
    stageVariables: null,
    requestContext: requestContext(request, route, context, lower("user-agent")),
    ...eventBody(request.body, lower("content-type")),
  };
};
