import type { Random } from "../random";
import type { ProxiedRequest, ProxiedResponse, ProxyAction } from "./fault-proxy";
import { isS3Operation, S3_PROVISIONING, s3Error } from "./s3-requests";

export type Service = "sqs" | "dynamodb";

export type FaultKind =
  | "latency"
  | "server-error"
  | "throttle"
  | "statement-throttle"
  | "drop-before"
  | "drop-after"
  | "error-after";

/** How often each kind is chosen once a request is disturbed (sums to 1). */
const MIX: readonly (readonly [FaultKind, number])[] = [
  ["latency", 0.4],
  ["server-error", 0.15],
  ["throttle", 0.15],
  ["statement-throttle", 0.05],
  ["drop-before", 0.1],
  ["drop-after", 0.1],
  ["error-after", 0.05],
];

const json = (status: number, body: unknown, headers: Record<string, string> = {}): ProxiedResponse => ({
  status,
  headers: { "content-type": "application/x-amz-json-1.0", ...headers },
  body: Buffer.from(JSON.stringify(body)),
});

/** SQS's JSON protocol: `__type` plus the legacy query code that SDKs read from `x-amzn-query-error`. */
const sqsError = (status: number, code: string, message: string, fault: "Sender" | "Receiver") =>
  json(
    status,
    { __type: `com.amazonaws.sqs#${code}`, message },
    { "x-amzn-query-error": `${code};${fault}` },
  );

const dynamoError = (status: number, code: string, message: string) =>
  json(status, { __type: `com.amazonaws.dynamodb.v20120810#${code}`, message });

const serverError = (service: Service, random: Random): ProxiedResponse =>
  service === "sqs"
    ? random.chance(0.5)
      ? sqsError(500, "InternalError", "We encountered an internal error. Please try again.", "Receiver")
      : sqsError(
          503,
          "ServiceUnavailable",
          "The request has failed due to a temporary failure of the server.",
          "Receiver",
        )
    : dynamoError(500, "InternalServerError", "Internal server error");

const throttled = (service: Service, random: Random): ProxiedResponse =>
  service === "sqs"
    ? sqsError(400, "RequestThrottled", "Rate exceeded", "Sender")
    : random.chance(0.5)
      ? dynamoError(400, "ThrottlingException", "Rate of requests exceeds the allowed throughput.")
      : dynamoError(
          400,
          "ProvisionedThroughputExceededException",
          "The level of configured provisioned throughput for the table was exceeded.",
        );

/** A BatchExecuteStatement answered 200 with every statement throttled on its own (nothing applied). */
const statementsThrottled = (request: ProxiedRequest): ProxiedResponse | undefined => {
  if (request.operation !== "BatchExecuteStatement") return undefined;
  const statements = (JSON.parse(request.body.toString()) as { Statements?: unknown[] }).Statements ?? [];
  const error = {
    Code: "ThrottlingError",
    Message: "Throughput exceeds the current capacity of your table.",
  };
  return json(200, { Responses: statements.map(() => ({ Error: error })) });
};

const pickKind = (random: Random): FaultKind => {
  let roll = random.next();
  for (const [kind, share] of MIX) {
    roll -= share;
    if (roll < 0) return kind;
  }
  return "latency";
};

/** The action of one fault of `kind`, in the protocol of `service`. */
export const faultAction = (
  kind: FaultKind,
  service: Service,
  random: Random,
  request: ProxiedRequest,
): ProxyAction => {
  // fauxqs serves S3 on the SQS endpoint: its requests get S3's errors.
  const isS3 = isS3Operation(request.operation);
  switch (kind) {
    case "latency":
      return { kind: "forward", delayMs: random.int(20, 400) };
    case "server-error":
      return { kind: "respond", response: isS3 ? s3Error("InternalError") : serverError(service, random) };
    case "throttle":
      return { kind: "respond", response: isS3 ? s3Error("SlowDown") : throttled(service, random) };
    case "statement-throttle": {
      const response = statementsThrottled(request);
      return response
        ? { kind: "respond", response }
        : { kind: "respond", response: isS3 ? s3Error("SlowDown") : throttled(service, random) };
    }
    case "drop-before":
      return { kind: "drop" };
    case "drop-after":
      return { kind: "forward-then-drop" };
    case "error-after":
      return {
        kind: "forward-then-respond",
        response: isS3 ? s3Error("InternalError") : serverError(service, random),
      };
  }
};

export interface FaultInjector {
  decide(request: ProxiedRequest): ProxyAction;
  /** Faults injected so far, by kind. */
  readonly counts: Readonly<Record<FaultKind, number>>;
  /** Stop disturbing (the final checks read through nothing, but the stack keeps draining). */
  pause(paused: boolean): void;
}

/**
 * Disturbs `rate` of the data-plane requests to one service, in the shape that service answers (SQS JSON
 * protocol errors, DynamoDB `ThrottlingException`/`ProvisionedThroughputExceededException`, per-statement
 * throttling in a BatchExecuteStatement) or with latency and dropped connections, before or after the request
 * was applied. `exempt` requests (the stack's provisioning) always pass.
 */
export const createFaultInjector = (options: {
  readonly service: Service;
  readonly rate: number;
  readonly random: Random;
  readonly exempt: (request: ProxiedRequest) => boolean;
  /** Told of every fault it injects. */
  readonly onFault?: (request: ProxiedRequest, kind: FaultKind) => void;
}): FaultInjector => {
  const counts = Object.fromEntries(MIX.map(([kind]) => [kind, 0])) as Record<FaultKind, number>;
  let paused = false;
  return {
    counts,
    pause(value) {
      paused = value;
    },
    decide(request) {
      if (paused || options.exempt(request) || !options.random.chance(options.rate))
        return { kind: "forward" };
      const kind = pickKind(options.random);
      counts[kind] += 1;
      options.onFault?.(request, kind);
      return faultAction(kind, options.service, options.random, request);
    },
  };
};

const PROVISIONING_OPERATIONS = {
  sqs: new Set(["CreateQueue", "GetQueueAttributes", "GetQueueUrl", "SetQueueAttributes", "ListQueues"]),
  dynamodb: new Set(["CreateTable", "DescribeTable", "ListTables"]),
} as const satisfies Record<Service, ReadonlySet<string>>;

/** `npm start`'s check of DynamoDB's PartiQL semantics writes and reads a `probe#…` item before anything runs. */
const PROBE_KEY = '"S":"probe#';

/**
 * What the stack sends while it provisions at start (queues, tables, the DynamoDB semantics probe); never
 * disturbed: in AWS that is CloudFormation's part, and the run is about the pipeline.
 */
export const isProvisioning =
  (service: Service) =>
  (request: ProxiedRequest): boolean =>
    PROVISIONING_OPERATIONS[service].has(request.operation) ||
    (service === "sqs" && S3_PROVISIONING.has(request.operation)) ||
    (service === "dynamodb" && request.body.includes(PROBE_KEY));
