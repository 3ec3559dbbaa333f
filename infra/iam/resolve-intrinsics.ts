/**
 * Resolves the CloudFormation intrinsics of a synthesized template's IAM policies to the concrete strings a
 * deployment would have, for a fixed partition, region and account: `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`,
 * `Fn::Select`, `Fn::Split` and nested stacks' parameters. Anything else throws, naming it: a policy this cannot
 * read must fail the check, not pass it.
 */

type Json = unknown;

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, Json>;
}

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly Parameters?: Record<string, Json>;
}

/** Where the resolved stack is deployed. */
export interface DeployTarget {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

export interface ResolveScope {
  readonly target: DeployTarget;
  readonly template: CfnTemplate;
  /** The stack's name (`AWS::StackName`), for names CloudFormation would make. */
  readonly stackName: string;
  /** Values of the template's parameters (a nested stack's, as its parent passes them). */
  readonly parameters: Readonly<Record<string, string>>;
  /** Physical names of resources CloudFormation names itself, by logical id (e.g. the tables). */
  readonly physicalNames: Readonly<Record<string, string>>;
}

export class UnresolvableIntrinsicError extends Error {
  override name = "UnresolvableIntrinsicError";
}

const PSEUDO = (scope: ResolveScope): Record<string, string> => ({
  "AWS::Partition": scope.target.partition,
  "AWS::Region": scope.target.region,
  "AWS::AccountId": scope.target.account,
  "AWS::URLSuffix": "amazonaws.com",
  "AWS::StackName": scope.stackName,
});

const resourceOf = (scope: ResolveScope, id: string): CfnResource => {
  const resource = scope.template.Resources?.[id];
  if (!resource) throw new UnresolvableIntrinsicError(`no resource or parameter ${id} in the template`);
  return resource;
};

/** The physical name: the one the template gives, else the one the caller chose, else `<stack>-<id>`. */
const nameOf = (scope: ResolveScope, id: string, property: string): string => {
  const given = resourceOf(scope, id).Properties?.[property];
  if (given !== undefined) return resolveString(scope, given);
  return scope.physicalNames[id] ?? `${scope.stackName}-${id}`;
};

const arn = (scope: ResolveScope, service: string, region: boolean, resource: string): string => {
  const { partition, region: name, account } = scope.target;
  return `arn:${partition}:${service}:${region ? name : ""}:${account}:${resource}`;
};

const ref = (scope: ResolveScope, id: string): string => {
  const pseudo = PSEUDO(scope)[id];
  if (pseudo !== undefined) return pseudo;
  const parameter = scope.parameters[id];
  if (parameter !== undefined) return parameter;
  const resource = resourceOf(scope, id);
  switch (resource.Type) {
    case "AWS::DynamoDB::Table":
      return nameOf(scope, id, "TableName");
    case "AWS::SQS::Queue":
      return `https://sqs.${scope.target.region}.amazonaws.com/${scope.target.account}/${nameOf(scope, id, "QueueName")}`;
    case "AWS::IAM::Role":
      return nameOf(scope, id, "RoleName");
    case "AWS::IAM::ManagedPolicy":
      return arn(scope, "iam", false, `policy/${nameOf(scope, id, "ManagedPolicyName")}`);
    case "AWS::S3::Bucket":
      return nameOf(scope, id, "BucketName");
    default:
      throw new UnresolvableIntrinsicError(`Ref of ${id} (${resource.Type}) is not supported`);
  }
};

const getAtt = (scope: ResolveScope, id: string, attribute: string): string => {
  const resource = resourceOf(scope, id);
  if (attribute !== "Arn") {
    throw new UnresolvableIntrinsicError(`Fn::GetAtt ${id}.${attribute} is not supported`);
  }
  switch (resource.Type) {
    case "AWS::DynamoDB::Table":
      return arn(scope, "dynamodb", true, `table/${nameOf(scope, id, "TableName")}`);
    case "AWS::SQS::Queue":
      return arn(scope, "sqs", true, nameOf(scope, id, "QueueName"));
    case "AWS::Logs::LogGroup":
      return arn(scope, "logs", true, `log-group:${nameOf(scope, id, "LogGroupName")}:*`);
    case "AWS::IAM::Role":
      return arn(scope, "iam", false, `role/${nameOf(scope, id, "RoleName")}`);
    case "AWS::S3::Bucket":
      return `arn:${scope.target.partition}:s3:::${nameOf(scope, id, "BucketName")}`;
    default:
      throw new UnresolvableIntrinsicError(`Fn::GetAtt ${id}.Arn (${resource.Type}) is not supported`);
  }
};

const sub = (scope: ResolveScope, value: Json): string => {
  const [text, variables] = Array.isArray(value) ? value : [value, {}];
  const vars = variables as Record<string, Json>;
  return String(text).replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    if (Object.hasOwn(vars, name)) return resolveString(scope, vars[name]);
    const [id = "", attribute] = name.split(".");
    return attribute === undefined ? ref(scope, id) : getAtt(scope, id, attribute);
  });
};

/** One intrinsic, resolved; `undefined` when `value` is not an intrinsic object. */
const intrinsic = (scope: ResolveScope, value: Record<string, Json>): Json | undefined => {
  const [key] = Object.keys(value);
  if (Object.keys(value).length !== 1 || key === undefined) return undefined;
  const arg = value[key];
  switch (key) {
    case "Ref":
      return ref(scope, String(arg));
    case "Fn::GetAtt": {
      const [id, attribute] = Array.isArray(arg) ? arg : String(arg).split(".");
      return getAtt(scope, String(id), String(attribute));
    }
    case "Fn::Join": {
      const [separator, parts] = arg as [string, Json[]];
      return parts.map((part) => resolveString(scope, part)).join(separator);
    }
    case "Fn::Sub":
      return sub(scope, arg);
    case "Fn::Select": {
      const [index, list] = arg as [Json, Json];
      return (resolve(scope, list) as Json[])[Number(resolve(scope, index))];
    }
    case "Fn::Split": {
      const [separator, text] = arg as [string, Json];
      return resolveString(scope, text).split(separator);
    }
    default:
      if (key.startsWith("Fn::")) throw new UnresolvableIntrinsicError(`${key} is not supported`);
      return undefined;
  }
};

/** `value` with every intrinsic resolved (recursion over our own synthesized template, not over input). */
export const resolve = (scope: ResolveScope, value: Json): Json => {
  if (Array.isArray(value)) return value.map((item) => resolve(scope, item));
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, Json>;
  const resolved = intrinsic(scope, record);
  if (resolved !== undefined) return resolved;
  return Object.fromEntries(Object.entries(record).map(([name, item]) => [name, resolve(scope, item)]));
};

export const resolveString = (scope: ResolveScope, value: Json): string => {
  const resolved = resolve(scope, value);
  if (typeof resolved !== "string" && typeof resolved !== "number") {
    throw new UnresolvableIntrinsicError(`expected a string, got ${JSON.stringify(resolved)}`);
  }
  return String(resolved);
};
