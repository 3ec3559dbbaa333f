import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_STATUS } from "../../../contract";
import { isKeylessRequest } from "../../../functions/api/keyless-routes";
import { apiRoutes } from "../../../functions/api/routes";
import { routeErrors } from "../../../scripts/openapi/document";
import { OPENAPI_FILE, openApiText } from "../../../scripts/openapi/main";
import { offlineApiDeps } from "../../support/offline-api-deps";
import { openApiDocument } from "../../support/openapi-validator";

const document = openApiDocument();
/** The routes the API function serves (built as the Lambda builds them; nothing here calls AWS). */
const served = apiRoutes(offlineApiDeps());

/** `error.code`'s allowed values in one documented error answer. */
const codesOf = (response: unknown): unknown =>
  (
    response as {
      content: Record<
        string,
        { schema: { properties: { error: { properties: { code: { enum: unknown } } } } } }
      >;
    }
  ).content["application/json"]?.schema.properties.error.properties.code.enum;

describe("docs/openapi.json", () => {
  it("is the document `npm run openapi` generates from contract/ (regenerate it after changing the contract)", () => {
    // Act
    const generated = openApiText();

    // Assert
    expect(readFileSync(OPENAPI_FILE, "utf8")).toBe(generated);
  }, 60_000);

  it("is OpenAPI 3.1", () => {
    expect(document.openapi).toBe("3.1.0");
  });

  it.each(served.map((route) => [`${route.method} ${route.path}`, route] as const))(
    "documents %s, which the router serves, with its success status, access and every error code by status",
    (_, route) => {
      // Arrange
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      const codes = routeErrors(route);
      const statuses = [...new Set(codes.map((code) => String(ERROR_STATUS[code])))];
      const expectedCodes = Object.fromEntries(
        statuses.map((status) => [status, codes.filter((code) => String(ERROR_STATUS[code]) === status)]),
      );

      // Act
      const documentedCodes = Object.fromEntries(
        Object.entries(operation?.responses ?? {})
          .filter(([status]) => status !== String(route.status))
          .map(([status, response]) => [status, codesOf(response)]),
      );

      // Assert
      expect(operation?.["x-fifoq-access"]).toBe(route.access);
      expect(Object.keys(operation?.responses ?? {})).toContain(String(route.status));
      expect(documentedCodes).toEqual(expectedCodes);
    },
  );

  it("documents no operation the router does not serve", () => {
    // Arrange
    const servedKeys = served.map((route) => `${route.method.toLowerCase()} ${route.path}`).sort();

    // Act
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`))
      .sort();

    // Assert
    expect(documented).toEqual(servedKeys);
  });
});

describe("keyless routes (both gateways)", () => {
  it.each([
    ["GET /console", true],
    ["GET /console/", true],
    ["GET /console/app.js", true],
    ["GET /openapi.json", true],
    ["POST /console", false],
    ["GET /console/a/b", false],
    ["GET /console//", false],
    ["GET /queues", false],
    ["GET /openapi.json/x", false],
    ["DELETE /openapi.json", false],
    ["GET /queues/orders/dead-letters", false],
  ] as const)("%s needs no key: %s", (request, keyless) => {
    // Arrange
    const [method = "", path = ""] = request.split(" ");

    // Act + Assert
    expect(isKeylessRequest(method, path)).toBe(keyless);
  });
});
