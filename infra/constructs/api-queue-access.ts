import { ArnFormat, Stack, ValidationError } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct, type IConstruct } from "constructs";
import { type QueueNames, queueNames } from "../../functions/core/config/physical-names";

/** IAM counts a managed policy's JSON without whitespace: 6,144 characters at most. */
const MANAGED_POLICY_CHARACTERS = 6144;

/** A role may have 10 managed policies (an adjustable IAM quota, up to 20). */
const MANAGED_POLICIES_PER_ROLE = 10;

/**
 * `"arn:<partition>:sqs:<region>:<account>:",` resolved, at its longest: partition `aws-us-gov` (10),
 * region 14, account 12, quotes and comma.
 */
const ARN_CHARACTERS_WITHOUT_NAME = 4 + 10 + 5 + 14 + 1 + 12 + 1 + 3;

/** Version, two statements, their actions, effects and Sids. */
const POLICY_OVERHEAD_CHARACTERS = 400;

/** The characters one queue adds: its ARN in the send statement, its dead-letter queue's in the read one. */
const charactersOf = (names: QueueNames): number =>
  2 * ARN_CHARACTERS_WITHOUT_NAME + names.queue.length + names.deadLetterQueue.length;

/** Queues in order, cut into groups whose policy stays within IAM's size limit. */
export const policyGroups = (all: readonly QueueNames[]): QueueNames[][] => {
  const groups: QueueNames[][] = [];
  let current: QueueNames[] = [];
  let size = POLICY_OVERHEAD_CHARACTERS;
  for (const names of all) {
    if (current.length > 0 && size + charactersOf(names) > MANAGED_POLICY_CHARACTERS) {
      groups.push(current);
      current = [];
      size = POLICY_OVERHEAD_CHARACTERS;
    }
    current.push(names);
    size += charactersOf(names);
  }
  if (current.length > 0) groups.push(current);
  return groups;
};

export interface ApiQueueAccessProps {
  /** The API function's role. */
  readonly role: iam.IRole;
  /** The logical names of the queues. */
  readonly queues: readonly string[];
  /** The deployment's name, which prefixes the queues' names. @default no prefix */
  readonly stackName?: string;
}

const queueArn = (scope: IConstruct, name: string): string =>
  Stack.of(scope).formatArn({ service: "sqs", resource: name, arnFormat: ArnFormat.NO_RESOURCE_NAME });

/**
 * The API function's SQS access in managed policies attached to its role: `SendMessage` (which also
 * authorises `SendMessageBatch`) and `GetQueueAttributes` on the SOURCE queues, for publishing, redrive and the
 * depths of `GET /queues`; `GetQueueAttributes` only on the dead-letter queues. The ARNs are built from the
 * queues' names, which the stack fixes, so the queues can live in their own nested stacks without a
 * reference per queue; managed policies (6 KB each, 10 per role) hold hundreds of queues where the role's
 * inline policies (10 KB in all) would stop near 50.
 */
export class ApiQueueAccess extends Construct {
  readonly policies: readonly iam.ManagedPolicy[];

  constructor(scope: Construct, id: string, props: ApiQueueAccessProps) {
    super(scope, id);
    const groups = policyGroups(props.queues.map((queue) => queueNames(queue, props.stackName)));
    if (groups.length > MANAGED_POLICIES_PER_ROLE) {
      throw new ValidationError(
        "TooManyQueuePolicies" as never,
        `FifoqApi: ${props.queues.length} queues need ${groups.length} managed policies on the API role; IAM allows ${MANAGED_POLICIES_PER_ROLE} per role by default (raise the "Managed policies per role" quota, up to 20)`,
        this,
      );
    }
    this.policies = groups.map(
      (group, index) =>
        new iam.ManagedPolicy(this, `Queues${index + 1}`, {
          description: `fifoq API: send to and read the depth of ${group.length} queue(s)`,
          roles: [props.role],
          statements: [
            new iam.PolicyStatement({
              sid: "SendToSourceQueues",
              actions: ["sqs:SendMessage", "sqs:GetQueueAttributes"],
              resources: group.map((names) => queueArn(this, names.queue)),
            }),
            new iam.PolicyStatement({
              sid: "ReadDeadLetterQueueDepth",
              actions: ["sqs:GetQueueAttributes"],
              resources: group.map((names) => queueArn(this, names.deadLetterQueue)),
            }),
          ],
        }),
    );
  }
}
