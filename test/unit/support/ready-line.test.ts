import { describe, expect, it } from "vitest";
import { parseReadyLine } from "../../support/spawn-local-stack";

describe("the local stack's ready line, as the operator tests read it", () => {
  it("reads the URL and the one API key, which then also serves as the operator key", () => {
    const line = "fifoq local ready: http://127.0.0.1:3000/v1 api-key=producer-key-0123456789\n  queues: …";

    expect(parseReadyLine(line)).toEqual({
      url: "http://127.0.0.1:3000/v1",
      apiKey: "producer-key-0123456789",
      operatorKey: "producer-key-0123456789",
    });
  });

  it("reads a separate operator key when the stack prints one", () => {
    const line = "noise\nfifoq local ready: http://127.0.0.1:41234/v1 api-key=p-key operator-key=o-key\n";

    expect(parseReadyLine(line)).toEqual({
      url: "http://127.0.0.1:41234/v1",
      apiKey: "p-key",
      operatorKey: "o-key",
    });
  });

  it("finds nothing before the stack is ready", () => {
    expect(parseReadyLine("starting DynamoDB Local…")).toBeUndefined();
  });
});
