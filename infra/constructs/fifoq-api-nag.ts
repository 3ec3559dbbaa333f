import { Validations } from "aws-cdk-lib";
import type { FifoqApi } from "./fifoq-api";

/**
 * cdk-nag AwsSolutions findings the API accepts on purpose, each with its reason, acknowledged on the
 * narrowest construct (cdk-nag v3: `Validations.of(construct).acknowledge`).
 */
export const acknowledgeApiFindings = (api: FifoqApi, apiKeyRequired: boolean): void => {
  const consoleReason =
    " The web console's GET /console and GET /console/{file} need no key on purpose: they serve the page's static files only, and the page sends a key with every API call.";
  const authReason = `${
    apiKeyRequired
      ? "Callers are services authenticated by an API key (x-api-key) with a usage plan that throttles per key; fifoq's contract chooses API keys over IAM or Cognito authorizers."
      : "API key authentication was turned off on purpose (apiKeyRequired: false) by the deployer; the API must be gated another way."
  }${consoleReason}`;
  Validations.of(api.api).acknowledge(
    { id: "AwsSolutions-APIG4", reason: authReason },
    { id: "AwsSolutions-COG4", reason: authReason },
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
