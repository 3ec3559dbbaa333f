import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "./function-policies";

/** One request as IAM authorises it: an action on a resource, with the condition keys it carries. */
export interface IamRequest {
  readonly action: string;
  readonly resource: string;
  /** Condition keys, e.g. `{ "dynamodb:LeadingKeys": ["c#orders#…"] }`. @default none */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export type IamDecision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

export class IamSimulationError extends Error {
  override name = "IamSimulationError";
}

/** The account of an ARN (`arn:partition:service:region:account:…`). */
const accountOf = (arn: string): string => arn.split(":")[4] ?? "";

/**
 * What IAM decides for `request` made by a role of `principal` whose identity policies are `policies`, with
 * `@cloud-copilot/iam-simulate` (AWS's evaluation logic and service authorization data). Only the identity
 * policies are evaluated: fifoq's functions and resources are in one account, where an identity policy's Allow
 * suffices. A request the simulator cannot evaluate (an unknown action, a resource of the wrong type, a
 * malformed policy) throws, naming why.
 */
export const simulate = async (
  principal: string,
  policies: readonly PolicyDocument[],
  request: IamRequest,
): Promise<IamDecision> => {
  const result = await runSimulation(
    {
      request: {
        principal,
        action: request.action,
        // An S3 object's ARN names no account: it is the stack's own bucket, in the principal's account.
        resource: {
          resource: request.resource,
          accountId: accountOf(request.resource) || accountOf(principal),
        },
        contextVariables: Object.fromEntries(
          Object.entries(request.context ?? {}).map(([key, value]) => [
            key,
            typeof value === "string" ? value : [...value],
          ]),
        ),
      },
      identityPolicies: policies.map((policy, index) => ({ name: `policy-${index + 1}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === "error") {
    throw new IamSimulationError(
      `cannot simulate ${request.action} on ${request.resource}: ${result.errors.message}`,
    );
  }
  return result.overallResult as IamDecision;
};
