import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { ConfigError } from "../functions/core/config/errors";
import { configPath, loadConfig } from "../functions/core/config/load";
import { isStackName, queueNames } from "../functions/core/config/physical-names";
import type { ResolvedConfig } from "../functions/core/config/types";
import { AlarmContextError, readAlarmContext } from "./alarm-context";
import { FifoqStack } from "./fifoq-stack";

const DEFAULT_STACK_NAME = "Fifoq";

/** Reads the configuration, or stops synth with the message that names the queue, field and value. */
const readConfig = async (): Promise<ResolvedConfig> => {
  try {
    return await loadConfig(configPath(process.env, process.cwd()));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
};

/** `-c stackName=FifoqProd`: one stack per stage; every name it gives starts with it. */
const readStackName = (value: unknown): string => {
  if (typeof value !== "string" || !isStackName(value)) {
    console.error(
      `fifoq: context stackName = ${JSON.stringify(value)} is not allowed; give a CloudFormation stack name (a letter, then letters, digits and '-', at most 128), e.g. FifoqProd`,
    );
    process.exit(1);
  }
  return value;
};

/** Every queue's SQS names fit (80 characters) with this stack's prefix, or synth stops naming the first that does not. */
const checkQueueNames = (config: ResolvedConfig, stack: string): void => {
  try {
    for (const queue of config.queues) queueNames(queue.name, stack);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
};

const config = await readConfig();
const app = new App();
const stackName = readStackName(app.node.tryGetContext("stackName") ?? DEFAULT_STACK_NAME);
checkQueueNames(config, stackName);
/** `-c oldestMessageAgeAlarmSeconds=600 -c alarmEmail=ops@example.com`, or stop synth naming the wrong value. */
const readAlarms = () => {
  try {
    return readAlarmContext((key) => app.node.tryGetContext(key));
  } catch (error) {
    if (!(error instanceof AlarmContextError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
};

new FifoqStack(app, stackName, {
  stackName,
  config,
  ...readAlarms(),
  description: "fifoq: serverless FIFO message queue (SQS FIFO, Lambda, DynamoDB, API Gateway REST API)",
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
