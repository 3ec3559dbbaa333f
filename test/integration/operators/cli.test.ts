import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { FIFOQ_BIN, type Ran, runFifoq } from "../../support/run-fifoq";
import { ROOT, type SpawnedStack, spawnLocalStack } from "../../support/spawn-local-stack";

const QUEUE = "cli-orders";
const CONFIG = fileURLToPath(new URL("./fixtures/cli.config.ts", import.meta.url));
const ESC = "\u001b";

const shellQuote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;

/** The bin on a pseudo-terminal (util-linux `script`), to see what a person sees: colours and progress. */
const runOnTerminal = (args: string[], env: Record<string, string>): Promise<Ran> =>
  new Promise((resolve) => {
    const command = [process.execPath, FIFOQ_BIN, ...args].map(shellQuote).join(" ");
    execFile(
      "script",
      ["-q", "-e", "-c", command, "/dev/null"],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? "", TERM: "xterm", ...env } },
      (error, stdout, stderr) =>
        resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr }),
    );
  });

describe("fifoq CLI end to end against a spawned local stack", () => {
  let stack: SpawnedStack;
  let env: Record<string, string>;

  beforeAll(async () => {
    stack = await spawnLocalStack({
      config: CONFIG,
      env: { FIFOQ_DYNAMODB_ENDPOINT: inject("dynamoDbEndpoint") },
    });
    env = { FIFOQ_URL: stack.url, FIFOQ_API_KEY: stack.apiKey, FIFOQ_OPERATOR_KEY: stack.operatorKey };
  }, 150_000);
  afterAll(() => stack?.stop());

  const fifoq = (...args: string[]) => runFifoq(args, env);

  /** Sends poison lines (negative amounts) through `send --file`; the consumer dead-letters them at once. */
  const sendPoison = async (group: string, count: number, extra: string[] = []) => {
    const file = join(mkdtempSync(join(tmpdir(), "fifoq-cli-")), "poison.ndjson");
    const lines = Array.from({ length: count }, (_, index) =>
      JSON.stringify({
        body: { orderId: `${group}-${index}`, amount: -1 },
        groupId: group,
        dedupId: `${group}-${index}`,
      }),
    );
    writeFileSync(file, [...lines, ...extra].join("\n"));
    const sent = await fifoq("send", QUEUE, "--file", file);
    expect(sent).toMatchObject({
      code: 0,
      stdout: `${count + extra.length} accepted, 0 failed of ${count + extra.length}\n`,
    });
  };

  const deadLetters = (group: string, count: number) =>
    vi.waitFor(
      async () => {
        const listed = await fifoq("dlq", "list", QUEUE, "--group", group, "--status", "new", "--json");
        const items: { id: string; body: unknown }[] = JSON.parse(listed.stdout).items;
        expect(items.length).toBeGreaterThanOrEqual(count);
        return items;
      },
      { timeout: 30_000, interval: 300 },
    );

  it("prints help (exit 0) and refuses wrong usage with exit code 2", async () => {
    // Act
    const help = await fifoq("--help");
    const usage = await fifoq("send", QUEUE, "{not json", "--group", "g");

    // Assert
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: fifoq .*\n[\s\S]*dlq/);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("USAGE <json-body> is not valid JSON");
  });

  it("sends one message, as text for people and JSON for scripts", async () => {
    // Arrange
    const dedup = randomUUID();

    // Act
    const human = await fifoq(
      "send",
      QUEUE,
      '{"orderId":"o-1","amount":1}',
      "--group",
      "g-cli",
      "--dedup",
      dedup,
      "--attr",
      "source=cli",
    );
    const machine = await fifoq("send", QUEUE, '{"orderId":"o-2","amount":2}', "--group", "g-cli", "--json");

    // Assert
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      new RegExp(`^accepted \\S+ on ${QUEUE} \\(group g-cli, dedup ${dedup}, sequence \\d+\\)\\n$`),
    );
    expect(JSON.parse(machine.stdout)).toMatchObject({
      queue: QUEUE,
      groupId: "g-cli",
      dedupId: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it("shows queues and stats with totals", async () => {
    // Act
    const queues = await fifoq("queues", "--json");
    const stats = await fifoq("stats");

    // Assert
    expect(JSON.parse(queues.stdout).queues).toEqual([expect.objectContaining({ name: QUEUE })]);
    expect(stats.code).toBe(0);
    expect(stats.stdout).toMatch(
      /^QUEUE +DEPTH +IN FLIGHT +DEAD LETTERS\ncli-orders +\d+ +\d+ +\d+\nTOTAL +\d+/,
    );
  });

  it("lists and shows a dead letter whose body holds markup and terminal escapes, as inert text", async () => {
    // Arrange: a dead letter whose body holds markup and a terminal escape
    const group = `web-${randomUUID().slice(0, 8)}`;
    const hostile = JSON.stringify({
      body: `<script>alert(1)</script>${ESC}[2J`,
      groupId: group,
      dedupId: `${group}-x`,
    });
    await sendPoison(group, 0, [hostile]);
    const [letter] = await deadLetters(group, 1);

    // Act
    const listed = await fifoq("dlq", "list", QUEUE, "--group", group);
    const shown = await fifoq("dlq", "show", QUEUE, letter?.id ?? "");

    // Assert: listed and shown, the markup as text and the escape spelled out
    expect(listed.stdout).toContain(letter?.id);
    expect(listed.stdout).toContain("MessageParseError");
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("<script>alert(1)</script>\\x1b[2J");
    expect(shown.stdout).not.toContain(ESC);
    expect(shown.stdout).toMatch(/last error +MessageParseError: .*order must be a JSON object/);
  });

  it("redrives one, discards another, and refuses to redrive the discarded one (exit 1, its code printed)", async () => {
    // Arrange: two dead letters of one group
    const group = `poison-${randomUUID().slice(0, 8)}`;
    await sendPoison(group, 2);
    const [first, second] = await deadLetters(group, 2);

    // Act
    const redriven = await fifoq("dlq", "redrive", QUEUE, first?.id ?? "");
    const discarded = await fifoq("dlq", "discard", QUEUE, second?.id ?? "");
    const refused = await fifoq("dlq", "redrive", QUEUE, second?.id ?? "");

    // Assert
    expect(redriven).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(new RegExp(`^redriven ${first?.id} → message \\S+ on ${QUEUE}\\n$`)),
    });
    expect(discarded).toMatchObject({ code: 0, stdout: `discarded ${second?.id} on ${QUEUE}\n` });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("fifoq: DEAD_LETTER_CONFLICT");
  });

  it("redrives --all of a group until the API is done", async () => {
    // Arrange: three dead letters of one group
    const group = `poison-${randomUUID().slice(0, 8)}`;
    await sendPoison(group, 3);
    await deadLetters(group, 3);

    // Act
    const all = await fifoq("dlq", "redrive", QUEUE, "--all", "--group", group, "--json");

    // Assert
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual({
      redriven: 3,
      failed: 0,
      uncertain: [],
      calls: 1,
      complete: true,
    });
  });

  it("prints the API's code with exit code 1 for an unknown queue or id", async () => {
    // Act
    const queue = await fifoq("queues", "--url", `${stack.url}`, "--api-key", "wrong-key-0123456789");
    const id = await fifoq("dlq", "show", QUEUE, "no-such-id");
    const unknownQueue = await fifoq("send", "nope", "1", "--group", "g");

    // Assert
    expect(queue).toMatchObject({ code: 1, stderr: expect.stringContaining("fifoq: UNAUTHORIZED") });
    expect(id).toMatchObject({ code: 1, stderr: expect.stringContaining("fifoq: NOT_FOUND") });
    expect(unknownQueue).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("fifoq: QUEUE_NOT_FOUND"),
    });
  });

  it("reads the URL from cdk-outputs.json and says how to get the key it does not hold", async () => {
    // Arrange: a cdk-outputs.json with the URL and the command that gets the key
    const dir = mkdtempSync(join(tmpdir(), "fifoq-outputs-"));
    writeFileSync(
      join(dir, "cdk-outputs.json"),
      JSON.stringify({
        Fifoq: {
          ApiUrl: `${stack.url}/`,
          GetApiKeyCommand:
            "aws apigateway get-api-key --api-key abc --include-value --query value --output text",
        },
      }),
    );

    // Act
    const withKey = await runFifoq(["queues", "--json"], { FIFOQ_API_KEY: stack.apiKey }, { cwd: dir });
    const withoutKey = await runFifoq(["queues"], {}, { cwd: dir });

    // Assert
    expect(JSON.parse(withKey.stdout).queues[0].name).toBe(QUEUE);
    expect(withoutKey.code).toBe(2);
    expect(withoutKey.stderr).toContain("aws apigateway get-api-key --api-key abc");
  });

  it("on a terminal draws colour and a progress bar, and NO_COLOR turns the colour off", async () => {
    // Arrange: a file of 120 messages
    const file = join(mkdtempSync(join(tmpdir(), "fifoq-cli-")), "ok.ndjson");
    const group = `tty-${randomUUID().slice(0, 8)}`;
    writeFileSync(
      file,
      Array.from({ length: 120 }, (_, index) =>
        JSON.stringify({ body: { orderId: `${index}`, amount: 1 }, groupId: group }),
      ).join("\n"),
    );

    // Act
    const colored = await runOnTerminal(["queues"], env);
    const plain = await runOnTerminal(["queues"], { ...env, NO_COLOR: "1" });
    const progress = await runOnTerminal(["send", QUEUE, "--file", file], { ...env, NO_COLOR: "1" });

    // Assert
    expect(colored.code).toBe(0);
    expect(colored.stdout).toContain(`${ESC}[1mQUEUE`);
    expect(plain.stdout).not.toMatch(new RegExp(`${ESC}\\[\\d+m`));
    expect(plain.stdout).toContain("QUEUE");
    expect(progress.stdout).toMatch(/send \[[^\]]+\] 100% 120\/120 messages/);
    expect(progress.stdout).toContain("120 accepted, 0 failed of 120");
  });
});
