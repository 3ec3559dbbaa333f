import type { IamCall, ResourceKind } from "../../../functions/adapters/iam-call-types";
import { effectTableName } from "../../../functions/core/config/effect-tables";
import { queueNames } from "../../../functions/core/config/physical-names";
import type { ResolvedConfig, ResolvedQueueConfig } from "../../../functions/core/config/types";
import { deadLetterPayloadKey, messagePayloadKey } from "../../../functions/core/payloads/payload-store";
import { DEAD_LETTER_TABLE, SCHEDULED_TABLE } from "../../../functions/core/tables";
import { timeResourceNames } from "../../../infra/constructs/fifoq-time";
import { functionId } from "../../../infra/iam/function-id";
import type { DeployTarget } from "../../../infra/iam/resolve-intrinsics";
import type { IamRequest } from "../../../infra/iam/simulate";

/** Where the simulated deployment lives. */
export const TARGET: DeployTarget = { partition: "aws", region: "eu-west-1", account: "111122223333" };

/** The names CloudFormation would give the shared tables. */
export const TABLES = {
  idempotency: "FifoqTest-Idempotency",
  deadLetters: "FifoqTest-DeadLetters",
  payloads: "fifoqtest-payloads",
};

/** The ARNs of one stack's resources. */
export const arns = (stack: string) => {
  const base = (service: string) => `arn:${TARGET.partition}:${service}:${TARGET.region}:${TARGET.account}`;
  const table = (name: string) => `${base("dynamodb")}:table/${name}`;
  return {
    queue: (queue: string) => `${base("sqs")}:${queueNames(queue, stack).queue}`,
    deadLetterQueue: (queue: string) => `${base("sqs")}:${queueNames(queue, stack).deadLetterQueue}`,
    table,
    idempotencyTable: table(TABLES.idempotency),
    deadLetterTable: table(TABLES.deadLetters),
    deadLetterIndex: `${table(TABLES.deadLetters)}/index/${DEAD_LETTER_TABLE.byTimeIndex.name}`,
    deadLetterDedupIndex: `${table(TABLES.deadLetters)}/index/${DEAD_LETTER_TABLE.byDedupIndex.name}`,
    payload: (key: string) => `arn:${TARGET.partition}:s3:::${TABLES.payloads}/${key}`,
  };
};

/** One call of one function, as the simulator gets it. */
export interface CallCase {
  readonly fn: string;
  readonly name: string;
  readonly request: IamRequest;
}

const resourcesOf = (
  kind: ResourceKind,
  queue: ResolvedQueueConfig,
  api: readonly ResolvedQueueConfig[] | undefined,
  stack: string,
): string[] => {
  const arn = arns(stack);
  const queues = api ?? [queue];
  switch (kind) {
    case "queue":
      return queues.map(({ name }) => arn.queue(name));
    case "dead-letter-queue":
      return queues.map(({ name }) => arn.deadLetterQueue(name));
    case "idempotency-table":
      return [arn.idempotencyTable];
    case "dead-letter-table":
      return [arn.deadLetterTable];
    case "dead-letter-index":
      return [arn.deadLetterIndex];
    case "dead-letter-dedup-index":
      return [arn.deadLetterDedupIndex];
    case "effect-table":
      return queue.effectTables.map((table) => arn.table(effectTableName(table, stack)));
    case "message-payload":
      return queues.map(({ name }) => arn.payload(messagePayloadKey(name, "m-1")));
    case "dead-letter-payload":
      return queues.map(({ name }) => arn.payload(deadLetterPayloadKey(name, "m-1")));
    case "scheduled-table":
      return [arn.table(timeResourceNames(stack).scheduledTable)];
    case "scheduled-index":
      return [
        `${arn.table(timeResourceNames(stack).scheduledTable)}/index/${SCHEDULED_TABLE.byGroupDueIndex.name}`,
      ];
    case "delay-queue":
      return [
        `arn:${TARGET.partition}:sqs:${TARGET.region}:${TARGET.account}:${timeResourceNames(stack).delayQueue}`,
      ];
    case "schedule-group":
      return [`arn:${TARGET.partition}:scheduler:${TARGET.region}:${TARGET.account}:schedule/${stack}/msg-1`];
    case "scheduler-role":
      return [
        `arn:${TARGET.partition}:iam::${TARGET.account}:role/${timeResourceNames(stack).schedulerRole}`,
      ];
  }
};

/** The condition keys the request carries: DynamoDB's leading keys, or the service a passed role goes to. */
const contextOf = (call: IamCall, queue: string): Pick<IamRequest, "context"> => {
  if (call.leadingKeys) return { context: { "dynamodb:LeadingKeys": call.leadingKeys(queue) } };
  if (call.passedToService) return { context: { "iam:PassedToService": call.passedToService } };
  return {};
};

const applies = (call: IamCall, queue: ResolvedQueueConfig): boolean =>
  call.when === "retry"
    ? queue.retry !== false
    : call.when === "effect-tables"
      ? queue.effectTables.length > 0
      : true;

/**
 * Every listed call of every function of a deployment of `config`: the API's for each queue, each queue's
 * consumer's and recorder's for their own queue.
 */
export const callCases = (calls: readonly IamCall[], config: ResolvedConfig, stack: string): CallCase[] =>
  config.queues.flatMap((queue) =>
    calls
      .filter((call) => applies(call, queue))
      .flatMap((call) => {
        // The API and the release function reach every configured queue.
        const api = call.fn === "api" || call.fn === "release" ? config.queues : undefined;
        const fn = functionId(call.fn, queue.name);
        return resourcesOf(call.resource, queue, api, stack).map((resource) => ({
          fn,
          name: `${fn} ${call.command}${call.statement ? ` ${call.statement}` : ""}: ${call.action} on ${resource}${call.leadingKeys ? ` keys ${call.leadingKeys(queue.name).join(",")}` : ""}`,
          request: {
            action: call.action,
            resource,
            ...contextOf(call, queue.name),
          },
        }));
      }),
  );
