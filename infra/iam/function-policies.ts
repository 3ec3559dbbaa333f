import { readFileSync } from "node:fs";
import { join } from "node:path";
import { App, type CfnElement, NestedStack, Stack } from "aws-cdk-lib";
import type * as iam from "aws-cdk-lib/aws-iam";
import type { FifoqStack } from "../fifoq-stack";
import { functionId } from "./function-id";
import {
  type CfnTemplate,
  type DeployTarget,
  type ResolveScope,
  resolve,
  resolveString,
  UnresolvableIntrinsicError,
} from "./resolve-intrinsics";

/** An IAM policy document as IAM reads it (every intrinsic resolved). */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: readonly Record<string, unknown>[];
}

/** Each function's identity policies (inline and managed), by `functionId`. */
export type FunctionPolicies = Readonly<Record<string, readonly PolicyDocument[]>>;

export interface ResolveOptions {
  readonly target: DeployTarget;
  /** The names the shared tables get (CloudFormation names them in a deployment). */
  readonly tables: {
    readonly idempotency: string;
    readonly deadLetters: string;
    /** The payload bucket's name. */
    readonly payloads: string;
  };
}

const asArray = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

const templateOf = (stack: Stack): CfnTemplate => {
  const assembly = App.of(stack)?.synth();
  if (!assembly) throw new Error(`${stack.node.path} is not in an App`);
  return JSON.parse(readFileSync(join(assembly.directory, stack.templateFile), "utf8")) as CfnTemplate;
};

const logicalId = (element: { node: { defaultChild?: unknown } }): string => {
  const child = element.node.defaultChild as CfnElement;
  return Stack.of(child).getLogicalId(child);
};

/** The policy documents attached to role `roleId` in `scope`'s template, resolved. */
const policiesOfRole = (scope: ResolveScope, roleId: string): PolicyDocument[] => {
  const resources = scope.template.Resources ?? {};
  const attached = (roles: unknown) =>
    asArray(roles).some((role) => (role as { Ref?: string } | null)?.Ref === roleId);
  const role = resources[roleId]?.Properties ?? {};
  const documents = [
    ...asArray(role.Policies).map((policy) => (policy as { PolicyDocument: unknown }).PolicyDocument),
    ...Object.values(resources)
      .filter(({ Type }) => Type === "AWS::IAM::Policy" || Type === "AWS::IAM::ManagedPolicy")
      .filter(({ Properties }) => attached(Properties?.Roles))
      .map(({ Properties }) => Properties?.PolicyDocument),
    ...asArray(role.ManagedPolicyArns).map((managed) => {
      const id = (managed as { Ref?: string } | null)?.Ref;
      const found = id === undefined ? undefined : resources[id];
      if (found?.Type !== "AWS::IAM::ManagedPolicy") {
        throw new UnresolvableIntrinsicError(`managed policy ${JSON.stringify(managed)} is not in the stack`);
      }
      return found.Properties?.PolicyDocument;
    }),
  ];
  return documents.map((document) => resolve(scope, document) as PolicyDocument);
};

const policiesOf = (scope: ResolveScope, role: iam.Role): PolicyDocument[] =>
  policiesOfRole(scope, logicalId(role));

/** A nested stack's template, resolved with the parameters its parent passes it. */
const nestedScope = (parent: ResolveScope, stack: FifoqStack, nested: Stack): ResolveScope => {
  const resource = NestedStack.isNestedStack(nested) ? nested.nestedStackResource : undefined;
  if (!resource) throw new Error(`${nested.node.path} has no stack resource`);
  const passed = parent.template.Resources?.[stack.getLogicalId(resource)]?.Properties?.Parameters ?? {};
  return {
    ...parent,
    template: templateOf(nested),
    stackName: `${stack.stackName}-${nested.node.id}`,
    // A parameter the parent cannot resolve (another nested stack's output) is left out: a policy that used it
    // would fail to resolve, naming it.
    parameters: Object.fromEntries(
      Object.entries(passed as Record<string, unknown>).flatMap(([name, value]) => {
        try {
          return [[name, resolveString(parent, value)]];
        } catch (error) {
          if (error instanceof UnresolvableIntrinsicError) return [];
          throw error;
        }
      }),
    ),
  };
};

/**
 * Every fifoq function's role policies in `stack` (already constructed; synthesized here, without bundling when
 * the app's context says so), resolved to concrete ARNs for `options.target`.
 */
export const functionPoliciesOf = (stack: FifoqStack, options: ResolveOptions): FunctionPolicies => {
  const parent: ResolveScope = {
    target: options.target,
    template: templateOf(stack),
    stackName: stack.stackName,
    parameters: {},
    physicalNames: {
      [logicalId(stack.tables.idempotency)]: options.tables.idempotency,
      [logicalId(stack.tables.deadLetters)]: options.tables.deadLetters,
      [logicalId(stack.payloads.bucket)]: options.tables.payloads,
    },
  };
  const policies: Record<string, readonly PolicyDocument[]> = {
    [functionId("api")]: policiesOf(parent, stack.api.handler.role),
  };
  const timeStack = Stack.of(stack.time);
  policies[functionId("release")] = policiesOf(
    nestedScope(parent, stack, timeStack),
    stack.time.release.role,
  );
  for (const queueStack of stack.queueStacks) {
    const scope = nestedScope(parent, stack, queueStack);
    const queue = queueStack.consumer.queueName;
    policies[functionId("consumer", queue)] = policiesOf(scope, queueStack.consumer.consumer.role);
    policies[functionId("recorder", queue)] = policiesOf(scope, queueStack.recorder.recorder.role);
  }
  return policies;
};
