import { describe, expect, it } from "vitest";
import { parseReadyLine } from "../../support/spawn-local-stack";

describe("the local stack's ready line, as the operator tests read it", () => {
  it.each([
    [
      "reads the URL and the one API key, which then also serves as the operator key",
      "fifoq local ready: http://127.0.0.1:3000/v1 api-key=producer-key-0123456789\n  queues: …",
      {
        url: "http://127.0.0.1:3000/v1",
        apiKey: "producer-key-0123456789",
        operatorKey: "producer-key-0123456789",
      },
    ],
    [
      "reads a separate operator key when the stack prints one",
      "noise\nfifoq local ready: http://127.0.0.1:41234/v1 api-key=p-key operator-key=o-key\n",
      { url: "http://127.0.0.1:41234/v1", apiKey: "p-key", operatorKey: "o-key" },
    ],
  ])("%s", (_title, line, read) => {
    expect(parseReadyLine(line)).toEqual(read);
  });

  it("finds nothing before the stack is ready", () => {
    expect(parseReadyLine("starting DynamoDB Local…")).toBeUndefined();
  });
});
