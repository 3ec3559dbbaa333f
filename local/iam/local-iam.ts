import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { effectTableName } from "../../functions/core/config/effect-tables";
import { queueNames } from "../../functions/core/config/physical-names";
import type { ResolvedConfig } from "../../functions/core/config/types";
import { DEAD_LETTER_TABLE, IDEMPOTENCY_TABLE, SCHEDULED_TABLE } from "../../functions/core/tables";
import { timeResourceNames } from "../../infra/constructs/fifoq-time";
import type { FunctionPolicies } from "../../infra/iam/function-policies";
import type { DeployTarget } from "../../infra/iam/resolve-intrinsics";
import { LocalStackError } from "../errors";
import type { TableNames } from "../provision/dynamodb";
import { LOCAL_PAYLOAD_BUCKET } from "../provision/s3";
import { LOCAL_SCHEDULE_GROUP, localSchedulerRoleArn } from "../scheduler/local-scheduler";
import { LOCAL_DELAY_QUEUE } from "../scheduler/provision";
import type { FunctionIam } from "./enforce";
import type { RequestNaming } from "./iam-requests";

/** `on`: synthesize the stack's policies from the config; or the policies to use (tests inject weaker ones). */
export type LocalIamSetting = "on" | "off" | { readonly policies: FunctionPolicies };

/** The name the local stack's policies are synthesized under (its queues become `Local-<name>.fifo`). */
export const LOCAL_IAM_STACK = "Local";

/** The account and region the local policies are resolved for, and the local requests' ARNs built in. */
const LOCAL_TARGET: DeployTarget = { partition: "aws", region: "us-east-1", account: "000000000000" };

export class LocalIamError extends LocalStackError {
  override name = "LocalIamError";
}

/**
 * Every function's role policies as the CDK stack synthesizes them from `config`, in this process: no
 * bundling, no asset staging, no schema validation (a second or two; most of it importing aws-cdk-lib).
 */
export const synthesizeLocalPolicies = async (
  config: ResolvedConfig,
  tables: TableNames,
): Promise<FunctionPolicies> => {
  const [{ App }, { FifoqStack }, { functionPoliciesOf }] = await Promise.all([
    import("aws-cdk-lib"),
    import("../../infra/fifoq-stack"),
    import("../../infra/iam/function-policies"),
  ]);
  const outdir = mkdtempSync(join(tmpdir(), "fifoq-local-iam-"));
  try {
    const app = new App({
      outdir,
      builtinCloudFormationValidation: false,
      context: { "aws:cdk:bundling-stacks": [], "aws:cdk:disable-asset-staging": true },
    });
    const stack = new FifoqStack(app, LOCAL_IAM_STACK, { config });
    return functionPoliciesOf(stack, {
      target: LOCAL_TARGET,
      tables: { ...tables, payloads: LOCAL_PAYLOAD_BUCKET },
    });
  } catch (cause) {
    throw new LocalIamError(
      `could not synthesize the stack to read its IAM policies (${String(cause)}); FIFOQ_LOCAL_IAM=off runs without the check`,
      { cause },
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
};

/** Local names → the deployment's, and the tables' partition keys. */
const namingOf = (config: ResolvedConfig, tables: TableNames, scheduledTable: string): RequestNaming => ({
  target: LOCAL_TARGET,
  queues: Object.fromEntries([
    ...config.queues.flatMap(({ name }) => {
      const local = queueNames(name);
      const deployed = queueNames(name, LOCAL_IAM_STACK);
      return [
        [local.queue, deployed.queue],
        [local.deadLetterQueue, deployed.deadLetterQueue],
      ];
    }),
    [LOCAL_DELAY_QUEUE, timeResourceNames(LOCAL_IAM_STACK).delayQueue],
  ]),
  tables: Object.fromEntries([
    ...config.queues.flatMap(({ effectTables }) =>
      effectTables.map((table) => [
        effectTableName(table, undefined),
        effectTableName(table, LOCAL_IAM_STACK),
      ]),
    ),
    [scheduledTable, timeResourceNames(LOCAL_IAM_STACK).scheduledTable],
  ]),
  partitionKeys: {
    [tables.idempotency]: IDEMPOTENCY_TABLE.partitionKey,
    [tables.deadLetters]: DEAD_LETTER_TABLE.partitionKey,
    [scheduledTable]: SCHEDULED_TABLE.partitionKey,
  },
  scheduleGroups: { [LOCAL_SCHEDULE_GROUP]: LOCAL_IAM_STACK },
  roles: {
    [localSchedulerRoleArn(LOCAL_TARGET.account)]:
      `arn:${LOCAL_TARGET.partition}:iam::${LOCAL_TARGET.account}:role/${timeResourceNames(LOCAL_IAM_STACK).schedulerRole}`,
  },
});

export interface LocalIam {
  /** What function `fn` checks its requests against (every function runs in a worker, which gets it). */
  forFunction(fn: string): FunctionIam;
}

/** The local IAM check of every function, or `undefined` when it is off. */
export const loadLocalIam = async (
  setting: LocalIamSetting,
  config: ResolvedConfig,
  tables: TableNames,
  /** The local scheduled-message table (delayed messages). */
  scheduledTable = "fifoq-scheduled",
): Promise<LocalIam | undefined> => {
  if (setting === "off") return undefined;
  const policies = setting === "on" ? await synthesizeLocalPolicies(config, tables) : setting.policies;
  const naming = namingOf(config, tables, scheduledTable);
  const forFunction = (fn: string): FunctionIam => {
    const documents = policies[fn];
    if (!documents) throw new LocalIamError(`no IAM policies for function ${fn}`);
    return { fn, policies: documents, naming };
  };
  return { forFunction };
};
