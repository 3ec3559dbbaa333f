import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll } from "vitest";
import type { FifoqConfig, QueueConfig, ResolvedConfig } from "../../../functions/core/config/types";
import { resolveConfig } from "../../../functions/core/config/validate";
import { FifoqStack, type FifoqStackProps } from "../../../infra/fifoq-stack";
import { standIn } from "../../support/use-started";

export const FIXTURES_DIR = fileURLToPath(new URL("../fixtures/", import.meta.url));
export const FIXTURE_CONSUMER = `${FIXTURES_DIR}consumer.ts`;
export const FIXTURE_API = `${FIXTURES_DIR}api.ts`;
export const FIXTURE_RECORDER = `${FIXTURES_DIR}recorder.ts`;
const CDK_JSON = fileURLToPath(new URL("../../../cdk.json", import.meta.url));

/** A queue of the test config; the handler is the fixture consumer (relative to the fixtures directory). */
export const queueConfig = (overrides: Partial<QueueConfig> = {}): QueueConfig => ({
  name: "orders",
  handler: "consumer.ts",
  ...overrides,
});

/** A checked config built in memory (no config file), as `loadConfig` would return it. */
export const testConfig = (config: Partial<FifoqConfig> = {}): ResolvedConfig =>
  resolveConfig({ queues: [queueConfig()], ...config }, FIXTURES_DIR, "test/infra (in memory)");

/** The feature flags of cdk.json, so tests see the template `cdk synth` produces. */
const cdkJsonContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(CDK_JSON, "utf8")) as { context: Record<string, unknown> }).context;

export interface TestStackOptions {
  readonly config?: ResolvedConfig;
  readonly props?: Partial<Omit<FifoqStackProps, "config">>;
  /** Run esbuild for real; otherwise assets are staged without bundling (templates are the same). */
  readonly bundle?: boolean;
  /** Where the cloud assembly goes (needed to inspect bundles). */
  readonly outdir?: string;
  /**
   * Run CDK's built-in CloudFormation schema validation, strict (findings fail synth). Off by default: it
   * costs about 10 s per template, so one test runs it.
   */
  readonly cfnValidation?: boolean;
}

export interface TestStack {
  readonly app: App;
  readonly stack: FifoqStack;
  /** The app stack's template: tables, API, topic, dashboard, one nested stack per queue. */
  template(): Template;
  /** The template of queue `name`'s nested stack: its queues, consumer, recorder and alarms. */
  queueTemplate(name: string): Template;
}

/** The name of the test stack, so every physical name starts with `FifoqTest-`. */
export const TEST_STACK = "FifoqTest";

/** A `FifoqStack` from an in-memory config, with the fixture API and recorder modules unless `props` say otherwise. */
export const buildTestStack = (options: TestStackOptions = {}): TestStack => {
  const app = new App({
    context: {
      ...cdkJsonContext(),
      ...(options.bundle ? {} : { "aws:cdk:bundling-stacks": [] }),
      ...(options.cfnValidation ? { "@aws-cdk/core:strictCfnValidateErrors": true } : {}),
    },
    builtinCloudFormationValidation: options.cfnValidation ?? false,
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const stack = new FifoqStack(app, TEST_STACK, {
    config: options.config ?? testConfig(),
    apiEntry: FIXTURE_API,
    deadLetterRecorderEntry: FIXTURE_RECORDER,
    ...options.props,
  });
  let template: Template | undefined;
  const queueTemplates = new Map<string, Template>();
  const queueTemplate = (name: string): Template => {
    const nested = stack.queueStacks.find((queueStack) => queueStack.consumer.queueName === name);
    if (!nested) throw new Error(`no queue ${name} in the test stack`);
    const found = queueTemplates.get(name) ?? Template.fromStack(nested);
    queueTemplates.set(name, found);
    return found;
  };
  return { app, stack, template: () => (template ??= Template.fromStack(stack)), queueTemplate };
};

/** For `beforeAll` hooks that synthesize (vitest's default hook timeout is 10 s). */
export const SYNTH_TIMEOUT_MS = 90_000;

/**
 * Builds and synthesizes the test stack in a `beforeAll` (with the synth timeout) for the tests of the file or
 * the `describe`; templates read after it are cached. The object it returns stands for the built stack;
 * reading it before that `beforeAll` has run throws.
 */
export const useBuiltStack = (options: TestStackOptions = {}): TestStack => {
  let built: TestStack | undefined;
  beforeAll(() => {
    built = buildTestStack(options);
    built.template();
  }, SYNTH_TIMEOUT_MS);
  return standIn("the test stack", () => built);
};
