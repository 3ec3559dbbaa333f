import { fileURLToPath } from "node:url";
import { Duration, Fn, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as apigw from "aws-cdk-lib/aws-apigateway";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { KEYLESS_ROUTES } from "../../functions/api/keyless-routes";
import { API_SETTINGS } from "../../functions/api/settings";
import { API_DEFAULTS } from "../../functions/core/config/defaults";
import type { ApiAuth } from "../../functions/core/config/types";
import {
  apiEnvironment,
  queueCatalog,
  scheduleCatalog,
} from "../../functions/core/env/function-environments";
import { ENV } from "../../functions/core/env-names";
import { DEAD_LETTER_TABLE } from "../../functions/core/tables";
import { ApiAccessPolicies } from "./api-access-policies";
import { ApiQueueAccess } from "./api-queue-access";
import { acknowledgeApiFindings } from "./fifoq-api-nag";
import { type FifoqApiProps, operatorKeyVersion, validateApiProps } from "./fifoq-api-props";
import { FifoqFunction, stackLogGroupName } from "./fifoq-function";
import { addGatewayErrors, gatewayErrors } from "./gateway-responses";
import {
  API_DEAD_LETTER_INDEX_ACTIONS,
  API_DEAD_LETTER_TABLE_ACTIONS,
  grantStatusReads,
  grantTableAndIndex,
} from "./table-access";

/** The Lambda edge of the HTTP API (producer and dead-letter routes). */
export const DEFAULT_API_ENTRY = fileURLToPath(new URL("../../functions/handlers/api.ts", import.meta.url));

export const API_STAGE = "v1";

/** Access log line: who, what, outcome and timings. The API key id is logged, never the key. */
const ACCESS_LOG_FORMAT = apigw.AccessLogFormat.custom(
  JSON.stringify({
    requestId: apigw.AccessLogField.contextRequestId(),
    requestTime: apigw.AccessLogField.contextRequestTime(),
    ip: apigw.AccessLogField.contextIdentitySourceIp(),
    apiKeyId: apigw.AccessLogField.contextIdentityApiKeyId(),
    userArn: apigw.AccessLogField.contextIdentityUserArn(),
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

/**
 * The producer and dead-letter HTTP API: an API Gateway REST API (regional, stage `v1`) whose `/` and
 * `/{proxy+}` ANY methods proxy to one Lambda. With `auth: "apiKey"` every method needs an API key and a
 * usage plan throttles per key; with `auth: "iam"` every method needs a SigV4 signature (AWS_IAM), the stage
 * throttles, and the producer and operator managed policies say who may call which route. API Gateway's own
 * errors answer in the contract's `{"error":{"code","message"}}` shape.
 */
export class FifoqApi extends Construct {
  readonly handler: FifoqFunction;
  readonly api: apigw.RestApi;
  /** The producer key (`auth: "apiKey"`): publish and `GET /queues`. */
  readonly apiKey: apigw.ApiKey | undefined;
  /** The operator key (`auth: "apiKey"`): everything the producer key may, and the dead-letter routes. */
  readonly operatorKey: apigw.ApiKey | undefined;
  readonly usagePlan: apigw.UsagePlan | undefined;
  /** The managed policies to attach to producers and operators (`auth: "iam"`). */
  readonly accessPolicies: ApiAccessPolicies | undefined;
  readonly auth: ApiAuth;
  /** What every queue's URL starts with (the function's `FIFOQ_QUEUE_URL_PREFIX`). */
  readonly queueUrlPrefix: string;

  constructor(scope: Construct, id: string, props: FifoqApiProps) {
    super(scope, id);
    validateApiProps(props);
    this.auth = props.auth ?? API_DEFAULTS.auth;
    this.queueUrlPrefix = props.queueUrlPrefix;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    // Keys without stage keys (`resources`) refer to nothing of the API, so the function can be told the
    // operator key's id without a dependency cycle; the usage plan attaches both to the stage.
    if (this.auth === "apiKey") {
      this.apiKey = new apigw.ApiKey(this, "ApiKey", {
        description: "fifoq producer key (x-api-key header)",
      });
      const version = operatorKeyVersion(this, props);
      this.operatorKey = new apigw.ApiKey(
        this,
        version === 1 ? "OperatorApiKey" : `OperatorApiKeyV${version}`,
        {
          description: "fifoq operator key (x-api-key header): also the dead-letter routes",
        },
      );
    }
    this.handler = this.createHandler(props, logRetention);
    this.api = this.createRestApi(props, logRetention);
    if (this.apiKey && this.operatorKey) {
      this.usagePlan = new apigw.UsagePlan(this, "UsagePlan", {
        description: "fifoq: throttling per API key",
        throttle: {
          rateLimit: props.rateLimit ?? API_DEFAULTS.rateLimit,
          burstLimit: props.burstLimit ?? API_DEFAULTS.burstLimit,
        },
        apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
      });
      this.usagePlan.addApiKey(this.apiKey);
      this.usagePlan.addApiKey(this.operatorKey);
    } else {
      this.accessPolicies = new ApiAccessPolicies(this, "AccessPolicies", {
        api: this.api,
        stage: API_STAGE,
      });
    }
    addGatewayErrors(this.api, gatewayErrors(this.auth));
    acknowledgeApiFindings(this, this.auth === "iam" ? "iam" : (props.apiKeyRequired ?? true));
  }

  /** The URL of stage `v1`, ending in `/`. */
  get url(): string {
    return this.api.url;
  }

  private createHandler(props: FifoqApiProps, logRetention: logs.RetentionDays): FifoqFunction {
    const handler = new FifoqFunction(this, "Handler", {
      entry: props.entry ?? DEFAULT_API_ENTRY,
      description: "fifoq producer and dead-letter API",
      timeout: Duration.seconds(API_SETTINGS.timeoutSeconds),
      memorySize: API_SETTINGS.memorySizeMb,
      logRetention,
      tracing: props.tracing,
      stackName: props.stackName,
      logName: "api",
      // The queue list and the schedules are bundled into the code: Lambda's environment holds 4 KB in all.
      define: {
        [`process.env.${ENV.queues}`]: JSON.stringify(queueCatalog(props.queues)),
        [`process.env.${ENV.schedules}`]: JSON.stringify(scheduleCatalog(props.schedules ?? [])),
      },
      environment: apiEnvironment({
        queueUrlPrefix: props.queueUrlPrefix,
        deadLetterTable: props.deadLetterTable.tableName,
        idempotencyTable: props.idempotencyTable?.tableName,
        auth: props.auth ?? API_DEFAULTS.auth,
        stackName: props.stackName,
        // Dead-letter routes take only the operator key; without API keys the gateway alone authorizes.
        operatorKeyId:
          this.operatorKey && (props.apiKeyRequired ?? true) ? this.operatorKey.keyId : undefined,
      }),
    });
    this.grantHandler(handler, props);
    return handler;
  }

  /**
   * SQS: the queue access of `ApiQueueAccess` (send to source queues, read every queue's depth), in managed
   * policies. DynamoDB: the dead-letter store's commands on the table and on the `byTime` index, and the
   * status route's reads (`table-access.ts`).
   */
  private grantHandler(handler: FifoqFunction, props: FifoqApiProps): void {
    new ApiQueueAccess(this, "QueueAccess", {
      role: handler.role,
      queues: props.queues.map((queue) => queue.name),
      ...(props.stackName === undefined ? {} : { stackName: props.stackName }),
    });
    grantTableAndIndex({
      grantee: handler.fn,
      table: props.deadLetterTable,
      tableActions: API_DEAD_LETTER_TABLE_ACTIONS,
      indexName: DEAD_LETTER_TABLE.byTimeIndex.name,
      indexActions: API_DEAD_LETTER_INDEX_ACTIONS,
    });
    grantStatusReads(handler.fn, props.deadLetterTable, props.idempotencyTable);
  }

  private createRestApi(props: FifoqApiProps, logRetention: logs.RetentionDays): apigw.RestApi {
    const accessLogs = new logs.LogGroup(this, "AccessLogs", {
      retention: logRetention,
      ...(props.stackName === undefined
        ? {}
        : {
            logGroupName: stackLogGroupName(props.stackName, "api/access"),
            removalPolicy: RemovalPolicy.DESTROY,
          }),
    });
    const iamAuth = this.auth === "iam";
    const api = new apigw.RestApi(this, "RestApi", {
      restApiName: Stack.of(this).stackName,
      description: "fifoq producer and dead-letter API",
      endpointConfiguration: { types: [apigw.EndpointType.REGIONAL] },
      ...(iamAuth ? {} : { apiKeySourceType: apigw.ApiKeySourceType.HEADER }),
      cloudWatchRole: props.cloudWatchRole ?? true,
      defaultIntegration: new apigw.LambdaIntegration(this.handler.fn, {
        proxy: true,
        allowTestInvoke: false,
      }),
      defaultMethodOptions: iamAuth
        ? { authorizationType: apigw.AuthorizationType.IAM, apiKeyRequired: false }
        : { apiKeyRequired: props.apiKeyRequired ?? true },
      deployOptions: {
        stageName: API_STAGE,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: ACCESS_LOG_FORMAT,
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: false,
        tracingEnabled: props.tracing ?? false,
        // Without API keys there is no usage plan: the stage throttles all callers together.
        ...(iamAuth
          ? {
              throttlingRateLimit: props.rateLimit ?? API_DEFAULTS.rateLimit,
              throttlingBurstLimit: props.burstLimit ?? API_DEFAULTS.burstLimit,
            }
          : {}),
      },
    });
    // The stack exports the URL as `ApiUrl`; the RestApi's own unnamed copy would only duplicate it.
    api.node.tryRemoveChild("Endpoint");
    api.root.addMethod("ANY");
    api.root.addProxy({ anyMethod: true });
    this.openKeylessRoutes(api);
    this.boundExecutionLogs(api, logRetention);
    return api;
  }
  /**
   * The routes declared `keyless` (`KEYLESS_ROUTES`: the web console's page and files, `/openapi.json`) go to
   * the same function without a key or authorizer; the console's page asks for a key and sends it with its
   * API calls.
   */
  private openKeylessRoutes(api: apigw.RestApi): void {
    const open = { apiKeyRequired: false, authorizationType: apigw.AuthorizationType.NONE };
    for (const route of KEYLESS_ROUTES)
      api.root.resourceForPath(route.resource).addMethod(route.method, undefined, open);
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
