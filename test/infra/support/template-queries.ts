import type { Template } from "aws-cdk-lib/assertions";

type Json = Record<string, unknown>;

interface Resource {
  readonly Type: string;
  readonly Properties?: Json;
  readonly DependsOn?: string | string[];
}

/** One permission of a role: an action on a resource (CloudFormation reference as JSON). */
export interface Permission {
  readonly action: string;
  readonly resource: string;
}

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** `{"Fn::GetAtt":[id,"Arn"]}` as a comparable string. */
export const arnOf = (logicalId: string): string => JSON.stringify({ "Fn::GetAtt": [logicalId, "Arn"] });

/** The logical id of the one resource of `type` whose properties contain `match` (compared as JSON). */
export const logicalIdOf = (template: Template, type: string, match: (props: Json) => boolean): string => {
  const ids = Object.entries(template.findResources(type) as Record<string, Resource>)
    .filter(([, resource]) => match(resource.Properties ?? {}))
    .map(([id]) => id);
  if (ids.length !== 1)
    throw new Error(`expected one ${type} to match, found ${ids.length}: ${ids.join(", ")}`);
  return ids[0] as string;
};

/**
 * The properties of an SQS event source mapping as fifoq sets them: the queue (its logical id), partial batch
 * failures, the batch size and the maximum concurrency.
 */
export const sqsMappingProps = (queueLogicalId: string, batchSize: number, maximumConcurrency: number) => ({
  EventSourceArn: { "Fn::GetAtt": [queueLogicalId, "Arn"] },
  FunctionResponseTypes: ["ReportBatchItemFailures"],
  BatchSize: batchSize,
  ScalingConfig: { MaximumConcurrency: maximumConcurrency },
});

export const queueId = (template: Template, queueName: string): string =>
  logicalIdOf(template, "AWS::SQS::Queue", (props) => props.QueueName === queueName);

export const functionId = (template: Template, description: string): string =>
  logicalIdOf(template, "AWS::Lambda::Function", (props) => props.Description === description);

export const functionProps = (template: Template, description: string): Json => {
  const resources = template.findResources("AWS::Lambda::Function") as Record<string, Resource>;
  return resources[functionId(template, description)]?.Properties ?? {};
};

/** The role of a function, by the function's description. */
export const roleIdOf = (template: Template, description: string): string => {
  const role = functionProps(template, description).Role as { "Fn::GetAtt": [string, string] };
  return role["Fn::GetAtt"][0];
};

/** The inline and managed policies of the stack that are attached to a function's role. */
const policiesOf = (template: Template, description: string): Resource[] => {
  const roleRef = JSON.stringify({ Ref: roleIdOf(template, description) });
  return ["AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"]
    .flatMap((type) => Object.values(template.findResources(type) as Record<string, Resource>))
    .filter((policy) =>
      asArray(policy.Properties?.Roles as unknown[]).some((role) => JSON.stringify(role) === roleRef),
    );
};

/** Every Allow (action, resource) pair in the inline and managed policies attached to a function's role. */
export const permissionsOf = (template: Template, description: string): Permission[] => {
  const policies = policiesOf(template, description);
  return policies.flatMap((policy) => {
    const document = policy.Properties?.PolicyDocument as { Statement: Json[] };
    return document.Statement.filter((statement) => statement.Effect === "Allow").flatMap((statement) =>
      asArray(statement.Action as string | string[]).flatMap((action) =>
        asArray(statement.Resource).map((resource) => ({ action, resource: JSON.stringify(resource) })),
      ),
    );
  });
};

/** The resources a permission list allows `action` on, sorted. */
export const resourcesFor = (permissions: readonly Permission[], action: string): string[] =>
  [...new Set(permissions.filter((p) => p.action === action).map((p) => p.resource))].sort();

/** The actions a permission list allows on `resource` with the given prefix (e.g. `sqs:`), sorted. */
export const actionsOn = (permissions: readonly Permission[], resource: string, prefix = ""): string[] =>
  [
    ...new Set(
      permissions.filter((p) => p.resource === resource && p.action.startsWith(prefix)).map((p) => p.action),
    ),
  ].sort();

/** Renders an `Fn::Join` with `Ref`s as `<LogicalId>`, so tokens can be compared as text. */
export const renderJoin = (value: unknown): string => {
  if (typeof value === "string") return value;
  const join = (value as { "Fn::Join"?: [string, unknown[]] })["Fn::Join"];
  if (join) return join[1].map(renderJoin).join(join[0]);
  const ref = (value as { Ref?: string }).Ref;
  if (ref) return `<${ref}>`;
  return JSON.stringify(value);
};

/** One Allow statement of a role's inline or managed policies, resources as comparable JSON strings. */
export interface AllowStatement {
  readonly actions: string[];
  readonly resources: string[];
  readonly condition?: Json;
}

/** Every Allow statement (inline or managed policies) of a function's role whose actions start with `prefix` (e.g. `dynamodb:`). */
export const statementsOf = (template: Template, description: string, prefix = ""): AllowStatement[] => {
  return policiesOf(template, description)
    .flatMap(
      (policy) => (policy.Properties?.PolicyDocument as { Statement?: Json[] } | undefined)?.Statement ?? [],
    )
    .filter((statement) => statement.Effect === "Allow")
    .map((statement) => ({
      actions: asArray(statement.Action as string | string[]).sort(),
      resources: asArray(statement.Resource).map((resource) => JSON.stringify(resource)),
      ...(statement.Condition === undefined ? {} : { condition: statement.Condition as Json }),
    }))
    .filter((statement) => statement.actions.some((action) => action.startsWith(prefix)));
};

/** `<table ARN>/index/<name>` as the template writes it, as a comparable string. */
export const indexArnOf = (tableId: string, indexName: string): string =>
  JSON.stringify({ "Fn::Join": ["", [{ "Fn::GetAtt": [tableId, "Arn"] }, `/index/${indexName}`]] });

/**
 * A nested stack's parameter for a resource of its parent, as a comparable `{"Ref": …}` string: CDK names it
 * `referenceto<path><resource>Arn|Ref`, e.g. `parameterRef(template, /Idempotency.*Arn$/)`.
 */
export const parameterRef = (template: Template, pattern: RegExp): string => {
  const names = Object.keys(template.toJSON().Parameters ?? {}).filter((name) => pattern.test(name));
  if (names.length !== 1)
    throw new Error(`expected one parameter to match ${pattern}, found ${names.join(", ")}`);
  return JSON.stringify({ Ref: names[0] });
};

/**
 * Renders a CloudFormation value as text: `Fn::Join` joined, `{Ref: X}` as `<X>`, `{Fn::GetAtt: [X, Y]}` as
 * `<X.Y>`, so a token-built string (a dashboard body, a name) can be read, or parsed as JSON.
 */
export const renderTokens = (value: unknown): string => {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  const record = (value ?? {}) as Record<string, unknown>;
  const join = record["Fn::Join"] as [string, unknown[]] | undefined;
  if (join) return join[1].map(renderTokens).join(join[0]);
  if (typeof record.Ref === "string") return `<${record.Ref}>`;
  const getAtt = record["Fn::GetAtt"] as [string, string] | undefined;
  if (getAtt) return `<${getAtt[0]}.${getAtt[1]}>`;
  return JSON.stringify(value);
};
