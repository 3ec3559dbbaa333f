import { type CfnResource, Stack, Validations } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type { FifoqApi } from "./fifoq-api";

/** How cdk-nag names a table's ARN in a finding: `<LogicalId.Arn>`; undefined for an imported table. */
const tableArnToken = (table: dynamodb.ITable): string | undefined => {
  const resource = table.node.defaultChild as CfnResource | undefined;
  return resource ? `<${Stack.of(table).resolve(resource.logicalId)}.Arn>` : undefined;
};

/**
 * cdk-nag AwsSolutions findings the API accepts on purpose, each with its reason, acknowledged on the
 * narrowest construct (cdk-nag v3: `Validations.of(construct).acknowledge`).
 */
export const acknowledgeApiFindings = (api: FifoqApi, apiKeyRequired: boolean): void => {
  const authReason = apiKeyRequired
    ? "Callers are services authenticated by an API key (x-api-key) with a usage plan that throttles per key; fifoq's contract chooses API keys over IAM or Cognito authorizers."
    : "API key authentication was turned off on purpose (apiKeyRequired: false) by the deployer; the API must be gated another way.";
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

/** The API function queries the dead-letter table's `byTime` index; index ARNs end in `/index/*`. */
export const acknowledgeIndexWildcard = (api: FifoqApi, table: dynamodb.ITable): void => {
  const arn = tableArnToken(table);
  if (arn === undefined) return;
  Validations.of(api.handler.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${arn}/index/*]`,
    reason:
      "Queries the dead-letter table's own indexes (byTime, newest first); the wildcard covers that one table's indexes only.",
  });
};
