import { describe, expect, it } from "vitest";
import { createResponseValidator, openApiDocument } from "../support/openapi-validator";
import { call, order, QUEUE } from "./support/api";

describe("GET /openapi.json", () => {
  it("serves the repository's OpenAPI 3.1 document without a key", async () => {
    // Act
    const response = await call("GET", "/openapi.json", { apiKey: null });

    // Assert
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.body).toEqual(openApiDocument());
  });

  it("describes the stack's real answers: a publish, a refused one, a missing key", async () => {
    // Arrange
    const validate = createResponseValidator();
    const publish = `/queues/{queue}/messages`;

    // Act
    const answers = [
      [publish, await call("POST", `/queues/${QUEUE}/messages`, { body: order() })],
      [publish, await call("POST", `/queues/${QUEUE}/messages`, { body: { groupId: "g" } })],
      [publish, await call("POST", `/queues/${QUEUE}/messages`, { body: order(), apiKey: null })],
    ] as const;

    // Assert
    expect(answers.map(([, response]) => response.status)).toEqual([202, 400, 403]);
    expect(
      answers.flatMap(([route, response]) => validate("POST", route, response.status, response.body)),
    ).toEqual([]);
  });
});
