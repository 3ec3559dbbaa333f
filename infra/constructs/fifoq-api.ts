import { fileURLToPath } from "node:url";
import { Duration, Fn, Stack, Token } from "aws-cdk-lib";
import * as apigw from "aws-cdk-lib/aws-apigateway";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { QueueEndpoint } from "../../functions/api/deps";
import { API_DEFAULTS, LIMITS } from "../../functions/core/config/defaults";
import { ENV } from "../../functions/core/env-names";
import { DEAD_LETTER_TABLE } from "../../functions/core/tables";
import type { FifoQueueConsumer } from "./fifo-queue-consumer";
import { acknowledgeApiFindings } from "./fifoq-api-nag";
import { FifoqFunction } from "./fifoq-function";
import { addGatewayErrors } from "./gateway-responses";
import {
  API_DEAD_LETTER_INDEX_ACTIONS,
  API_DEAD_LETTER_TABLE_ACTIONS,
  grantTableActions,
  indexArn,
} from "./table-access";

/** The Lambda edge of the HTTP API (producer and dead-letter routes). */
export const DEFAULT_API_ENTRY = fileURLToPath(new URL("../../functions/handlers/api.ts", import.meta.url));

export const API_STAGE = "v1";

export interface FifoqApiProps {
  /** The queues the API may enqueue on and report on. */
  readonly queues: readonly FifoQueueConsumer[];
  /** The dead-letter records table (partition `queue`, sort `id`, index `byTime`). */
  readonly deadLetterTable: dynamodb.ITable;
  /** Module of the API function; it must export `handler`. @default functions/handlers/api.ts */
  readonly entry?: string;
  /** Require an API key (`x-api-key`) on every method. @default true */
  readonly apiKeyRequired?: boolean;
  /** Steady-state requests per second per API key (usage plan), 1–10000. @default 100 */
  readonly rateLimit?: number;
  /** Burst of requests per API key (usage plan), 1–5000. @default 200 */
  readonly burstLimit?: number;
  /**
   * Create the regional API Gateway account role that lets API Gateway write access and execution logs. Turn
   * off when the account already has one (it is one setting per account and region).
   * @default true
   */
  readonly cloudWatchRole?: boolean;
  /** Retention of the API function's logs and the API's access and execution logs. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

/** Access log line: who, what, outcome and timings. The API key id is logged, never the key. */
const ACCESS_LOG_FORMAT = apigw.AccessLogFormat.custom(
  JSON.stringify({
    requestId: apigw.AccessLogField.contextRequestId(),
    requestTime: apigw.AccessLogField.contextRequestTime(),
    ip: apigw.AccessLogField.contextIdentitySourceIp(),
    apiKeyId: apigw.AccessLogField.contextIdentityApiKeyId(),
    httpMethod: apigw.AccessLogField.contextHttpMethod(),
    path: apigw.AccessLogField.contextPath(),
    protocol: apigw.AccessLogField.contextProtocol(),
    status: apigw.AccessLogField.contextStatus(),
    responseLength: apigw.AccessLogField.contextResponseLength(),
    responseLatency: apigw.AccessLogField.contextResponseLatency(),
    integrationStatus: apigw.AccessLogField.contextIntegrationStatus(),
    integrationLatency: apigw.AccessLogField.contextIntegrationLatency(),
    errorType: apigw.AccessLogField.contextErrorResponseType(),
    errorMessage: apigw.AccessLogField.contextErrorMessage(),
  }),
);

/** Refuses props the API cannot be built from, naming the value and what is allowed. */
const validateApiProps = (props: FifoqApiProps): void => {
  if (props.queues.length === 0)
    throw new Error("FifoqApi: queues is empty; give at least one FifoQueueConsumer");
  for (const field of ["rateLimit", "burstLimit"] as const) {
    const value = props[field];
    const [min, max] = LIMITS[field];
    if (
      value !== undefined &&
      !Token.isUnresolved(value) &&
      (!Number.isInteger(value) || value < min || value > max)
    ) {
      throw new Error(
        `FifoqApi: ${field} = ${value} is not allowed; it must be an integer from ${min} to ${max}`,
      );
    }
  }
};

/**
 * The producer and dead-letter HTTP API: an API Gateway REST API (regional, stage `v1`) whose `/` and
 * `/{proxy+}` ANY methods proxy to one Lambda, guarded by an API key and a usage plan that throttles per key.
 * API Gateway's own errors answer in the contract's `{"error":{"code","message"}}` shape.
 */
export class FifoqApi extends Construct {
  readonly handler: FifoqFunction;
  readonly api: apigw.RestApi;
  readonly apiKey: apigw.ApiKey;
  readonly usagePlan: apigw.UsagePlan;

  constructor(scope: Construct, id: string, props: FifoqApiProps) {
    super(scope, id);
    validateApiProps(props);
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    this.handler = this.createHandler(props, logRetention);
    this.api = this.createRestApi(props, logRetention);
    this.apiKey = new apigw.ApiKey(this, "ApiKey", { description: "fifoq producer key (x-api-key header)" });
    this.usagePlan = new apigw.UsagePlan(this, "UsagePlan", {
      description: "fifoq: throttling per API key",
      throttle: {
        rateLimit: props.rateLimit ?? API_DEFAULTS.rateLimit,
        burstLimit: props.burstLimit ?? API_DEFAULTS.burstLimit,
      },
      apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
    });
    this.usagePlan.addApiKey(this.apiKey);
    addGatewayErrors(this.api);
    acknowledgeApiFindings(this, props.apiKeyRequired ?? true);
  }

  /** The URL of stage `v1`, ending in `/`. */
  get url(): string {
    return this.api.url;
  }

  private createHandler(props: FifoqApiProps, logRetention: logs.RetentionDays): FifoqFunction {
    const registry: Record<string, QueueEndpoint> = {};
    for (const consumer of props.queues) {
      registry[consumer.queueName] = {
        url: consumer.queue.queueUrl,
        dlqUrl: consumer.deadLetterQueue.queueUrl,
        contentBasedDeduplication: consumer.contentBasedDeduplication,
      };
    }
    const handler = new FifoqFunction(this, "Handler", {
      entry: props.entry ?? DEFAULT_API_ENTRY,
      description: "fifoq producer and dead-letter API",
      timeout: Duration.seconds(10),
      memorySize: 256,
      logRetention,
      environment: {
        [ENV.queues]: Stack.of(this).toJsonString(registry),
        [ENV.deadLetterTable]: props.deadLetterTable.tableName,
      },
    });
    this.grantHandler(handler, props);
    return handler;
  }

  /**
   * SQS: `SendMessage` (which also authorises `SendMessageBatch`) on the SOURCE queues only, for publishing
   * (`functions/adapters/sqs/message-sender.ts`) and redrive (`functions/adapters/dead-letters/redrive-sender.ts`);
   * never on a dead-letter queue. `GetQueueAttributes` on every queue and dead-letter queue, for the depths of
   * `GET /queues` (`functions/adapters/sqs/queue-stats.ts`). DynamoDB: the dead-letter store's commands on the
   * table and on the `byTime` index only (`table-access.ts`).
   */
  private grantHandler(handler: FifoqFunction, props: FifoqApiProps): void {
    for (const consumer of props.queues) {
      consumer.queue.grant(handler.fn, "sqs:SendMessage", "sqs:GetQueueAttributes");
      consumer.deadLetterQueue.grant(handler.fn, "sqs:GetQueueAttributes");
    }
    grantTableActions({
      grantee: handler.fn,
      actions: API_DEAD_LETTER_TABLE_ACTIONS,
      resourceArns: [props.deadLetterTable.tableArn],
    });
    grantTableActions({
      grantee: handler.fn,
      actions: API_DEAD_LETTER_INDEX_ACTIONS,
      resourceArns: [indexArn(props.deadLetterTable, DEAD_LETTER_TABLE.byTimeIndex.name)],
    });
  }

  private createRestApi(props: FifoqApiProps, logRetention: logs.RetentionDays): apigw.RestApi {
    const accessLogs = new logs.LogGroup(this, "AccessLogs", { retention: logRetention });
    const api = new apigw.RestApi(this, "RestApi", {
      restApiName: Stack.of(this).stackName,
      description: "fifoq producer and dead-letter API",
      endpointConfiguration: { types: [apigw.EndpointType.REGIONAL] },
      apiKeySourceType: apigw.ApiKeySourceType.HEADER,
      cloudWatchRole: props.cloudWatchRole ?? true,
      defaultIntegration: new apigw.LambdaIntegration(this.handler.fn, {
        proxy: true,
        allowTestInvoke: false,
      }),
      defaultMethodOptions: { apiKeyRequired: props.apiKeyRequired ?? true },
      deployOptions: {
        stageName: API_STAGE,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: ACCESS_LOG_FORMAT,
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: false,
        tracingEnabled: false,
      },
    });
    // The stack exports the URL as `ApiUrl`; the RestApi's own unnamed copy would only duplicate it.
    api.node.tryRemoveChild("Endpoint");
    api.root.addMethod("ANY");
    api.root.addProxy({ anyMethod: true });
    this.addConsole(api);
    this.boundExecutionLogs(api, logRetention);
    return api;
  }

  /**
   * The web console (`functions/api/console-routes.ts`): `GET /console` and `GET /console/{file}` to the same
   * function, without a key or authorizer; the page asks for a key and sends it with its API calls.
   */
  private addConsole(api: apigw.RestApi): void {
    const open = { apiKeyRequired: false, authorizationType: apigw.AuthorizationType.NONE };
    const page = api.root.addResource("console");
    page.addMethod("GET", undefined, open);
    page.addResource("{file}").addMethod("GET", undefined, open);
  }

  /**
   * API Gateway writes execution logs (level ERROR, no request data) to a group it creates without a
   * retention; creating that group first, with one, keeps them bounded.
   */
  private boundExecutionLogs(api: apigw.RestApi, retention: logs.RetentionDays): void {
    const executionLogs = new logs.LogGroup(this, "ExecutionLogs", {
      logGroupName: Fn.join("", ["API-Gateway-Execution-Logs_", api.restApiId, `/${API_STAGE}`]),
      retention,
    });
    api.deploymentStage.node.addDependency(executionLogs);
  }
}
