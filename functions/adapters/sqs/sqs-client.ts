import { SQSClient } from "@aws-sdk/client-sqs";
import { type AwsClientConfig, awsClientOptions } from "../aws-clients";

export const createSqsClient = (config: AwsClientConfig = {}): SQSClient =>
  new SQSClient(awsClientOptions(config));
