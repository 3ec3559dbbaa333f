import { SQSClient } from "@aws-sdk/client-sqs";
import { type AwsClientConfig, awsClientOptions, hooked } from "../aws-clients";

export const createSqsClient = (config: AwsClientConfig = {}): SQSClient =>
  hooked(new SQSClient(awsClientOptions(config)));
