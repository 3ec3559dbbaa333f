import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseNdjson } from "../../../client/src/cli/ndjson.js";
import { resolveTarget } from "../../../client/src/cli/target.js";
import { UsageError } from "../../../client/src/cli/usage-error.js";

const outputsDir = (outputs: unknown) => {
  const dir = mkdtempSync(join(tmpdir(), "fifoq-cli-"));
  writeFileSync(join(dir, "cdk-outputs.json"), JSON.stringify(outputs));
  return dir;
};

describe("NDJSON input", () => {
  it("reads one message per line, skips blank lines and keeps each message's line number", () => {
    // Arrange
    const text =
      '{"body":{"n":1},"groupId":"a"}\n\n{"body":2,"groupId":"b","dedupId":"d","attributes":{"k":"v"}}\n';

    // Act
    const parsed = parseNdjson(text);

    // Assert
    expect(parsed.errorCount).toBe(0);
    expect(parsed.lines).toEqual([1, 3]);
    expect(parsed.messages[1]).toEqual({ body: 2, groupId: "b", dedupId: "d", attributes: { k: "v" } });
  });

  it("names every broken line (syntax, shape, unknown field, missing group) and fills --group", () => {
    // Arrange
    const text = ['{"body":1}', "not json", "[1]", '{"body":1,"groupID":"typo"}', '{"groupId":"g"}'].join(
      "\n",
    );

    // Act
    const withGroup = parseNdjson('{"body":1}', "default");
    const parsed = parseNdjson(text);

    // Assert
    expect(withGroup.messages).toEqual([{ body: 1, groupId: "default" }]);
    expect(parsed.errorCount).toBe(5);
    expect(parsed.errors).toEqual([
      'line 1 has no "groupId" (or pass --group)',
      expect.stringMatching(/^line 2 is not valid JSON/),
      expect.stringMatching(/^line 3 is not a JSON object/),
      'line 4 has unknown field "groupID"; allowed: body, groupId, dedupId, attributes',
      'line 5 has no "body"',
    ]);
  });

  it("names a line nested past the API's limit and a malformed one, at any depth, without a RangeError", () => {
    // Arrange: line 2 nests 6,000 levels, line 3 is cut short, line 4 is fine
    const deep = `{"body":${"[".repeat(6_000)}${"]".repeat(6_000)},"groupId":"g"}`;
    const text = ['{"body":1,"groupId":"g"}', deep, '{"body":{"a":', '{"body":2,"groupId":"g"}'].join("\n");

    // Act
    const parsed = parseNdjson(text);

    // Assert
    expect(parsed.errorCount).toBe(2);
    expect(parsed.errors).toEqual([
      "line 2 nests deeper than 100 levels (the API's limit)",
      expect.stringMatching(/^line 3 is not valid JSON \(/),
    ]);
    expect(parsed.lines).toEqual([1, 4]);
  });
});

describe("CLI target", () => {
  it("takes --url and the keys from flags before the environment, and the API key for operators when alone", async () => {
    // Arrange
    const env = { FIFOQ_URL: "http://env/v1", FIFOQ_API_KEY: "env-key" };

    // Act
    const fromFlags = await resolveTarget({ url: "http://flag/v1", apiKey: "flag-key" }, env, tmpdir());
    const fromEnv = await resolveTarget({}, { ...env, FIFOQ_OPERATOR_KEY: "op-key" }, tmpdir());

    // Assert
    expect(fromFlags).toMatchObject({ url: "http://flag/v1", apiKey: "flag-key", operatorKey: "flag-key" });
    expect(fromEnv).toMatchObject({ url: "http://env/v1", apiKey: "env-key", operatorKey: "op-key" });
  });

  it("reads ApiUrl from ./cdk-outputs.json and explains where the key comes from when it is missing", async () => {
    // Arrange
    const dir = outputsDir({
      FifoqStack: {
        ApiUrl: "https://abc.execute-api.eu-west-1.amazonaws.com/v1/",
        GetApiKeyCommand:
          "aws apigateway get-api-key --api-key k1 --include-value --query value --output text",
      },
    });

    // Act
    const target = await resolveTarget({}, { FIFOQ_API_KEY: "k" }, dir);
    const missing = await resolveTarget({}, {}, dir).catch((error: unknown) => error);

    // Assert
    expect(target.url).toBe("https://abc.execute-api.eu-west-1.amazonaws.com/v1/");
    expect(missing).toBeInstanceOf(UsageError);
    expect((missing as UsageError).hint).toContain("aws apigateway get-api-key --api-key k1");
  });

  it("asks for --stack when the outputs file holds several stacks", async () => {
    // Arrange
    const dir = outputsDir({ A: { ApiUrl: "https://a/v1" }, B: { ApiUrl: "https://b/v1" } });

    // Act
    const several = await resolveTarget({}, { FIFOQ_API_KEY: "k" }, dir).catch((error: unknown) => error);
    const chosen = await resolveTarget({ stack: "B" }, { FIFOQ_API_KEY: "k" }, dir);

    // Assert
    expect((several as Error).message).toMatch(/several fifoq stacks \(A, B\); choose one with --stack/);
    expect(chosen.url).toBe("https://b/v1");
  });

  it("signs instead of sending a key with --sigv4, taking the region from the URL", async () => {
    // Arrange
    const env = { AWS_ACCESS_KEY_ID: "AKID", AWS_SECRET_ACCESS_KEY: "secret" };

    // Act
    const target = await resolveTarget(
      { url: "https://abc.execute-api.ap-south-1.amazonaws.com/v1", sigv4: true },
      env,
      tmpdir(),
    );
    const headers = await target.signer?.({
      method: "GET",
      url: "https://abc.execute-api.ap-south-1.amazonaws.com/v1/queues",
      headers: {},
      body: undefined,
    });
    const noCredentials = await resolveTarget(
      { url: "https://x/v1", sigv4: true, region: "eu-west-1" },
      {},
      tmpdir(),
    ).catch((error: unknown) => error);

    // Assert
    expect(headers?.authorization).toMatch(/Credential=AKID\/\d{8}\/ap-south-1\/execute-api\/aws4_request/);
    expect((noCredentials as UsageError).hint).toContain("aws configure export-credentials");
  });
});
