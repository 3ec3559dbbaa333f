import { DynamoDBServiceException } from "@aws-sdk/client-dynamodb";
import { SchedulerServiceException } from "@aws-sdk/client-scheduler";
import { SQSServiceException } from "@aws-sdk/client-sqs";
import type { PolicyDocument } from "../../infra/iam/function-policies";
import { simulate } from "../../infra/iam/simulate";
import { iamRequestsOf, type RequestNaming } from "./iam-requests";

/** What a function's requests are checked against: plain data, so it crosses into a worker thread. */
export interface FunctionIam {
  /** `api`, `consumer:<queue>` or `recorder:<queue>`. */
  readonly fn: string;
  readonly policies: readonly PolicyDocument[];
  readonly naming: RequestNaming;
}

/** The clients a check attaches to (their middleware stacks). */
interface CheckedClient {
  readonly middlewareStack: { add(middleware: never, options: Record<string, unknown>): void };
}

const MIDDLEWARE = "fifoqLocalIam";

const roleName = (fn: string) => `fifoq-${fn.replace(/[^\w+=,.@-]/g, "-")}`;

/** The error AWS answers a request its role may not make with: `AccessDeniedException`, a client fault (400). */
const accessDenied = (client: string, message: string): Error => {
  const Exception = client.startsWith("SQS")
    ? SQSServiceException
    : client.startsWith("Scheduler")
      ? SchedulerServiceException
      : DynamoDBServiceException;
  return new Exception({
    name: "AccessDeniedException",
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
    message,
  });
};

export interface IamCheck {
  /** Resolves when every IAM request of the command is allowed; rejects with `AccessDeniedException`. */
  (client: string, command: string, input: Readonly<Record<string, unknown>>): Promise<void>;
}

/**
 * Checks a function's SDK requests against its synthesized role policies with the IAM simulator, as IAM would
 * before AWS runs them. A request it cannot read faithfully is allowed; `onUnsimulated` hears of it.
 */
export const createIamCheck = (
  iam: FunctionIam,
  onUnsimulated: (client: string, command: string) => void = () => {},
): IamCheck => {
  const role = roleName(iam.fn);
  const principal = `arn:${iam.naming.target.partition}:iam::${iam.naming.target.account}:role/${role}`;
  return async (client, command, input) => {
    const requests = iamRequestsOf(iam.naming, client, command, input);
    if (!requests) return onUnsimulated(client, command);
    for (const request of requests) {
      const decision = await simulate(principal, iam.policies, request);
      if (decision === "Allowed") continue;
      const why =
        decision === "ExplicitlyDenied"
          ? "with an explicit deny"
          : "because no identity-based policy allows it";
      throw accessDenied(
        client,
        `User: arn:aws:sts::${iam.naming.target.account}:assumed-role/${role}/${role} is not authorized to perform: ${request.action} on resource: ${request.resource} ${why} (fifoq local IAM: the function's synthesized role policy; FIFOQ_LOCAL_IAM=off turns the check off)`,
      );
    }
  };
};

/** Runs `check` before every request the client sends (the SDK's initialize step, before any retry). */
export const attachIamCheck = (client: CheckedClient, check: IamCheck): void => {
  const middleware =
    (
      next: (args: { input: object }) => Promise<unknown>,
      context: { clientName?: string; commandName?: string },
    ) =>
    async (args: { input: object }) => {
      await check(context.clientName ?? "", context.commandName ?? "", args.input as Record<string, unknown>);
      return next(args);
    };
  client.middlewareStack.add(middleware as never, {
    step: "initialize",
    name: MIDDLEWARE,
    priority: "high",
    override: true,
  });
};
