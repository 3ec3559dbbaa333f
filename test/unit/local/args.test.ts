import { describe, expect, it } from "vitest";
import { parseLocalArgs } from "../../../local/args";
import { LocalStackError } from "../../../local/errors";

describe("parseLocalArgs (npm start -- <flags>)", () => {
  it.each([
    [[], { reset: false, json: false }],
    [["--reset"], { reset: true, json: false }],
    [["--json", "--reset"], { reset: true, json: true }],
  ])("reads %j", (argv, expected) => {
    expect(parseLocalArgs(argv)).toEqual(expected);
  });

  it("refuses anything else with the usage line", () => {
    expect(() => parseLocalArgs(["--rest"])).toThrow(LocalStackError);
    expect(() => parseLocalArgs(["--rest"])).toThrow(/usage: npm start \[-- --reset\] \[--json\]/);
  });
});
