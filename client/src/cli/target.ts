import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { RequestSigner } from "../transport.js";
import { UsageError } from "./usage-error.js";

/** The global options every command takes. */
export interface TargetFlags {
  readonly url?: string;
  readonly apiKey?: string;
  readonly operatorKey?: string;
  readonly outputs?: string;
  readonly stack?: string;
  readonly sigv4?: boolean;
  readonly region?: string;
}

export interface Target {
  readonly url: string;
  /** For publishing and `queues` (an operator key may do those too). */
  readonly apiKey: string | undefined;
  /** For dead-letter commands: `--operator-key`/`FIFOQ_OPERATOR_KEY`, else the API key. */
  readonly operatorKey: string | undefined;
  readonly signer: RequestSigner | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The file `cdk deploy --outputs-file cdk-outputs.json` writes. */
export const DEFAULT_OUTPUTS_FILE = "cdk-outputs.json";

interface StackOutputs {
  readonly stack: string;
  readonly outputs: Readonly<Record<string, string>>;
}

const readOutputs = (path: string, stack: string | undefined): StackOutputs => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UsageError(`cannot read the outputs file ${path}: ${(error as Error).message}`);
  }
  const stacks = Object.entries((parsed ?? {}) as Record<string, Record<string, string>>).filter(
    ([, outputs]) => typeof outputs === "object" && outputs !== null && typeof outputs.ApiUrl === "string",
  );
  const chosen = stack === undefined ? stacks : stacks.filter(([name]) => name === stack);
  const [first] = chosen;
  if (chosen.length === 1 && first) return { stack: first[0], outputs: first[1] };
  const names = stacks.map(([name]) => name).join(", ") || "(none with an ApiUrl)";
  if (chosen.length === 0)
    throw new UsageError(`${path} has no stack ${stack ?? "with an ApiUrl"}; stacks: ${names}`);
  throw new UsageError(`${path} has several fifoq stacks (${names}); choose one with --stack <name>`);
};

/** How to get the key the outputs file cannot hold: the stack's own `Get…KeyCommand` outputs. */
const keyHint = (found: StackOutputs | undefined): string => {
  const commands = Object.entries(found?.outputs ?? {})
    .filter(([name]) => /^Get\w*KeyCommand$/.test(name))
    .map(([, command]) => `  ${command}`);
  if (commands.length > 0)
    return [`The key is not in the outputs file; print it with:`, ...commands].join("\n");
  return "Locally, `npm start` prints the keys on its ready line; for a deployed stack, the ApiKeyId output and `aws apigateway get-api-key --api-key <ApiKeyId> --include-value --query value --output text` print it.";
};

const regionOf = (flags: TargetFlags, env: Env, url: string): string | undefined =>
  flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? /\.execute-api\.([a-z0-9-]+)\./.exec(url)?.[1];

/** SigV4 from the standard AWS environment variables (`aws configure export-credentials --format env`). */
const sigv4FromEnv = async (flags: TargetFlags, env: Env, url: string): Promise<RequestSigner> => {
  const region = regionOf(flags, env, url);
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (!region) throw new UsageError("--sigv4 needs a region: pass --region or set AWS_REGION");
  if (!accessKeyId || !secretAccessKey) {
    throw new UsageError(
      "--sigv4 reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN); they are not set",
      'Export them from your AWS profile with: eval "$(aws configure export-credentials --format env)"',
    );
  }
  const { sigv4Signer } = await import("../sigv4.js");
  return sigv4Signer({
    region,
    credentials: { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN },
  });
};

/**
 * Where the CLI sends its requests: `--url`/`FIFOQ_URL`, else the `ApiUrl` of the deploy's outputs file
 * (`--outputs`, else `./cdk-outputs.json` when it exists). Keys from `--api-key`/`FIFOQ_API_KEY` and
 * `--operator-key`/`FIFOQ_OPERATOR_KEY`; with `--sigv4` (or `FIFOQ_AUTH=iam`) requests are signed instead.
 */
export const resolveTarget = async (flags: TargetFlags, env: Env, cwd: string): Promise<Target> => {
  const outputsPath =
    flags.outputs ?? (existsSync(resolve(cwd, DEFAULT_OUTPUTS_FILE)) ? DEFAULT_OUTPUTS_FILE : undefined);
  const explicitUrl = flags.url ?? env.FIFOQ_URL;
  const found = outputsPath && !explicitUrl ? readOutputs(resolve(cwd, outputsPath), flags.stack) : undefined;
  const url = explicitUrl ?? found?.outputs.ApiUrl;
  if (!url) {
    throw new UsageError(
      "no API URL: pass --url or set FIFOQ_URL (or run where cdk-outputs.json is, or pass --outputs <file>)",
      "Locally it is the URL `npm start` prints, e.g. http://127.0.0.1:3000/v1",
    );
  }
  if (!/^https?:\/\//.test(url))
    throw new UsageError(`--url must be an http(s) URL; got ${JSON.stringify(url)}`);
  const useSigv4 = flags.sigv4 === true || env.FIFOQ_AUTH === "iam";
  const apiKey = flags.apiKey ?? env.FIFOQ_API_KEY;
  const operatorKey = flags.operatorKey ?? env.FIFOQ_OPERATOR_KEY ?? apiKey;
  if (!useSigv4 && !apiKey && !operatorKey) {
    throw new UsageError("no API key: pass --api-key or set FIFOQ_API_KEY", keyHint(found));
  }
  const signer = useSigv4 ? await sigv4FromEnv(flags, env, url) : undefined;
  return { url, apiKey: apiKey ?? operatorKey, operatorKey, signer };
};
