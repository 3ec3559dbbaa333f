import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { buildTestStack, SYNTH_TIMEOUT_MS, type TestStack, testConfig } from "./support/fifoq-test-stack";

/** The tracing mode of every function of the app, in the app stack and in each queue's nested stack. */
const tracingModes = (built: TestStack): unknown[] =>
  [built.template(), ...built.stack.queueStacks.map((stack) => Template.fromStack(stack))].flatMap(
    (template) =>
      Object.values(template.findResources("AWS::Lambda::Function")).map(
        (fn) => (fn.Properties.TracingConfig as { Mode?: string } | undefined)?.Mode,
      ),
  );

describe("tracing (stack-wide configuration)", () => {
  it(
    "with tracing: true, traces every function actively (consumer, recorder, API) and the API stage",
    () => {
      const built = buildTestStack({ config: testConfig({ tracing: true }) });
      expect(tracingModes(built)).toEqual(["Active", "Active", "Active"]);
      built.template().hasResourceProperties("AWS::ApiGateway::Stage", { TracingEnabled: true });
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    "is off by default: no active tracing, and the stage does not trace",
    () => {
      const built = buildTestStack();
      expect(tracingModes(built).every((mode) => mode !== "Active")).toBe(true);
      built.template().hasResourceProperties("AWS::ApiGateway::Stage", { TracingEnabled: false });
    },
    SYNTH_TIMEOUT_MS,
  );
});
