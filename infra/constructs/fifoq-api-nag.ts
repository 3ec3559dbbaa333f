import { Validations } from "aws-cdk-lib";
import type { FifoqApi } from "./fifoq-api";

/** How the methods are guarded: SigV4 (`iam`), an API key (`true`), or nothing (`false`). */
export type MethodAuth = "iam" | boolean;

/** The keyless methods are open whatever the mode (`FifoqApi.openKeylessRoutes`). */
const CONSOLE_REASON =
  " The keyless routes (the web console's GET /console and GET /console/{file}, and GET /openapi.json) need no key or signature on purpose: they serve static files only (the console's page sends a key with every API call).";

const API_KEY_REASON = `Callers are services authenticated by an API key (x-api-key) with a usage plan that throttles per key; fifoq's contract chooses API keys (or IAM, api.auth: iam) over Cognito authorizers.${CONSOLE_REASON}`;

const IAM_REASON =
  "Every API method uses AWS_IAM authorization (api.auth: iam): callers sign with SigV4 and the stack's producer and operator managed policies decide who may call which route; the callers are AWS principals, not Cognito users.";

/**
 * The authentication findings accepted on purpose. With an API key, APIG4 (no authorizer) and COG4 (no Cognito)
 * are acknowledged; with IAM, COG4, and APIG4 only for the console's static files (every API method is
 * AWS_IAM). Without either (`apiKeyRequired: false`) nothing is: the missing-authentication finding stays and
 * stops synth until the API is gated another way.
 */
const authAcknowledgements = (auth: MethodAuth) => {
  if (auth === "iam") {
    return [
      { id: "AwsSolutions-APIG4", reason: `Only the console's methods are open.${CONSOLE_REASON}` },
      { id: "AwsSolutions-COG4", reason: IAM_REASON + CONSOLE_REASON },
    ];
  }
  if (auth) {
    return [
      { id: "AwsSolutions-APIG4", reason: API_KEY_REASON },
      { id: "AwsSolutions-COG4", reason: API_KEY_REASON },
    ];
  }
  return [];
};

/**
 * cdk-nag AwsSolutions findings the API accepts on purpose, each with its reason, acknowledged on the
 * narrowest construct (cdk-nag v3: `Validations.of(construct).acknowledge`).
 */
export const acknowledgeApiFindings = (api: FifoqApi, auth: MethodAuth): void => {
  Validations.of(api.api).acknowledge(
    ...authAcknowledgements(auth),
    {
      id: "AwsSolutions-APIG2",
      reason:
        "Every method is a Lambda proxy; the function validates each request and answers with the contract's error codes and per-entry details, which an API Gateway request validator cannot produce.",
    },
    {
      id: "AwsSolutions-APIG3",
      reason:
        "WAF is optional: a web ACL and its rules cost a monthly fee; the usage plan throttles per key. Associate a web ACL with the stage where a deployment needs one.",
    },
  );
  const cloudWatchRole = api.api.node.tryFindChild("CloudWatchRole");
  if (cloudWatchRole) {
    Validations.of(cloudWatchRole).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
      reason:
        "API Gateway's account-level logging role uses the AWS policy made for it, the documented setup for API Gateway access and execution logs.",
    });
  }
};
