import { Stack, Validations } from "aws-cdk-lib";
import type * as apigw from "aws-cdk-lib/aws-apigateway";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";

/** The producer's routes (contract: publish, batch publish, list queues), as `[method, path]`. */
const PRODUCER_ROUTES = [
  ["POST", "/queues/*/messages"],
  ["POST", "/queues/*/messages/batch"],
  ["GET", "/queues"],
] as const;

/** What an operator may call besides: every dead-letter route, whatever the method, and a message's status. */
const OPERATOR_ROUTES = [
  ["*", "/queues/*/dead-letters"],
  ["*", "/queues/*/dead-letters/*"],
  ["GET", "/queues/*/messages/*"],
] as const;

export interface ApiAccessPoliciesProps {
  readonly api: apigw.RestApi;
  readonly stage: string;
}

/**
 * With `api.auth: "iam"`: the managed policies to attach to callers. API Gateway authorises every SigV4 request
 * against `execute-api:Invoke` on `…/<stage>/<METHOD>/<request path>` before the function runs, so the policy,
 * not the function, keeps producers off the dead-letter routes: the producer policy names only the publish
 * routes and `GET /queues`; the operator policy adds the dead-letter routes.
 */
export class ApiAccessPolicies extends Construct {
  readonly producer: iam.ManagedPolicy;
  readonly operator: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: ApiAccessPoliciesProps) {
    super(scope, id);
    this.producer = this.policy("Producer", "publish and list queues", PRODUCER_ROUTES, props);
    this.operator = this.policy(
      "Operator",
      "publish, list queues and use every dead-letter route",
      [...PRODUCER_ROUTES, ...OPERATOR_ROUTES],
      props,
    );
  }

  private policy(id: string, what: string, routes: Routes, props: ApiAccessPoliciesProps): iam.ManagedPolicy {
    const policy = new iam.ManagedPolicy(this, id, {
      description: `fifoq ${id.toLowerCase()}: ${what} (execute-api:Invoke)`,
      statements: [
        new iam.PolicyStatement({
          actions: ["execute-api:Invoke"],
          resources: routes.map(([method, path]) => props.api.arnForExecuteApi(method, path, props.stage)),
        }),
      ],
    });
    // cdk-nag names each wildcard resource as it renders it: the API by its logical id.
    const { Ref: apiId } = Stack.of(this).resolve(props.api.restApiId) as { Ref: string };
    const wildcards = routes.filter(([method, path]) => `${method}${path}`.includes("*"));
    Validations.of(policy).acknowledge(
      ...wildcards.map(([method, path]) => ({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${apiId}>/${props.stage}/${method}${path}]`,
        reason: `The wildcards of ${method} ${path} are the route's path parameters (queue name, dead-letter id or dedupId)${method === "*" ? " and, for the dead-letter routes, the HTTP method" : ""}; the API id and stage are fixed, so the policy reaches no other API or route.`,
      })),
    );
    return policy;
  }
}

type Routes = readonly (readonly [string, string])[];
