import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES_DIR, SYNTH_TIMEOUT_MS } from "./support/fifoq-test-stack";
import { renderTokens } from "./support/template-queries";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Properties that hold a name AWS keeps unique per account and region (dashboards: per account). */
const NAME_PROPERTIES = [
  "QueueName",
  "FunctionName",
  "LogGroupName",
  "AlarmName",
  "DashboardName",
  "TopicName",
  "TableName",
  "RoleName",
  "ManagedPolicyName",
  "RestApiName",
  "Name",
];

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** `cdk synth -c stackName=<name>` as cdk.json runs it (bundling skipped: templates are the same). */
const synth = (stackName: string) => {
  const outdir = mkdtempSync(join(tmpdir(), `fifoq-stage-${stackName}-`));
  const result = spawnSync(process.execPath, ["--import", "tsx", "infra/app.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      FIFOQ_CONFIG: join(FIXTURES_DIR, "stages.config.ts"),
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify({ stackName, "aws:cdk:bundling-stacks": [] }),
    },
    encoding: "utf8",
    timeout: 90_000,
  });
  if (result.status !== 0) throw new Error(`synth ${stackName} failed: ${result.stderr}`);
  return outdir;
};

/**
 * Every name the stack's templates give a resource. A name built from a reference to one of the stack's own
 * resources (e.g. `API-Gateway-Execution-Logs_<rest API id>/v1`) is unique to the stack already; it is kept
 * with the stack's name in front so it cannot collide with the other stage's.
 */
const physicalNames = (outdir: string, stackName: string): string[] =>
  readdirSync(outdir)
    .filter((file) => file.endsWith(".template.json"))
    .flatMap((file) => {
      const resources = (JSON.parse(readFileSync(join(outdir, file), "utf8")) as { Resources: Resources })
        .Resources;
      return Object.values(resources).flatMap((resource) =>
        NAME_PROPERTIES.filter((property) => resource.Properties?.[property] !== undefined).map(
          (property) => {
            const name = renderTokens(resource.Properties?.[property]);
            return /<(?!AWS::)[^>]+>/.test(name) ? `${stackName}:${name}` : name;
          },
        ),
      );
    });

describe("several stages in one account and region (-c stackName=FifoqA, -c stackName=FifoqB)", () => {
  const outdirs: string[] = [];
  let a: string[];
  let b: string[];

  beforeAll(() => {
    const [dirA, dirB] = [synth("FifoqA"), synth("FifoqB")];
    outdirs.push(dirA, dirB);
    a = physicalNames(dirA, "FifoqA");
    b = physicalNames(dirB, "FifoqB");
  }, 2 * SYNTH_TIMEOUT_MS);

  afterAll(() => {
    for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
  });

  it("share no physical name", () => {
    expect(a.length).toBeGreaterThan(10);
    expect(a.filter((name) => b.includes(name))).toEqual([]);
  });

  it("name everything after the stack: queues, alarms, topic, dashboard, API, log groups", () => {
    // Assert
    expect(a).toEqual(
      expect.arrayContaining([
        "FifoqA-orders.fifo",
        "FifoqA-orders-dlq.fifo",
        "FifoqA-audit-log.fifo",
        "FifoqA-orders-dead-letters",
        "FifoqA-audit-log-recorder-errors",
        "FifoqA-alarms",
        "FifoqA-<AWS::Region>",
        "FifoqA",
        "/fifoq/FifoqA/orders/consumer",
        "/fifoq/FifoqA/orders/dead-letter-recorder",
        "/fifoq/FifoqA/api",
        "/fifoq/FifoqA/api/access",
      ]),
    );
    const scoped = (name: string) =>
      name.startsWith("FifoqA:") || name === "FifoqA" || /^(FifoqA-|\/fifoq\/FifoqA\/)/.test(name);
    expect(a.filter((name) => !scoped(name))).toEqual([]);
  });
});
