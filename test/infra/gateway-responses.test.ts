import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { buildTestStack, SYNTH_TIMEOUT_MS } from "./support/fifoq-test-stack";

interface GatewayResponse {
  readonly ResponseType: string;
  readonly StatusCode?: string;
  readonly ResponseParameters: Record<string, string>;
  readonly ResponseTemplates: Record<string, string>;
}

/** API Gateway substitutes `$context.error.messageString` with its message, already a quoted JSON string. */
const renderBody = (template: string): unknown =>
  JSON.parse(template.replaceAll("$context.error.messageString", JSON.stringify("gateway message")));

describe("GatewayResponses: API Gateway's own errors in the contract's shape", () => {
  let responses: Map<string, GatewayResponse>;

  beforeAll(() => {
    const template: Template = buildTestStack().template();
    responses = new Map(
      Object.values(template.findResources("AWS::ApiGateway::GatewayResponse")).map((resource) => {
        const props = resource.Properties as GatewayResponse;
        return [props.ResponseType, props];
      }),
    );
  }, SYNTH_TIMEOUT_MS);

  it.each([
    ["INVALID_API_KEY", "403", "UNAUTHORIZED"],
    ["MISSING_AUTHENTICATION_TOKEN", "403", "UNAUTHORIZED"],
    ["ACCESS_DENIED", "403", "FORBIDDEN"],
    ["THROTTLED", "429", "THROTTLED"],
    ["QUOTA_EXCEEDED", "429", "THROTTLED"],
    ["REQUEST_TOO_LARGE", "413", "PAYLOAD_TOO_LARGE"],
    ["UNSUPPORTED_MEDIA_TYPE", "415", "UNSUPPORTED_MEDIA_TYPE"],
    ["DEFAULT_4XX", undefined, "BAD_REQUEST"],
    ["DEFAULT_5XX", "503", "UPSTREAM_UNAVAILABLE"],
  ])("answers %s with status %s and code %s as JSON", (type, status, code) => {
    const response = responses.get(type);
    expect(response?.StatusCode).toBe(status);
    expect(response?.ResponseParameters["gatewayresponse.header.Content-Type"]).toBe("'application/json'");
    const body = renderBody(response?.ResponseTemplates["application/json"] ?? "");
    expect(body).toEqual({ error: { code, message: expect.any(String) } });
  });

  it("keeps API Gateway's own status for other 4xx errors and passes its message through", () => {
    const body = renderBody(responses.get("DEFAULT_4XX")?.ResponseTemplates["application/json"] ?? "");
    expect(body).toEqual({ error: { code: "BAD_REQUEST", message: "gateway message" } });
  });

  it("explains a missing or wrong API key in words a client can act on", () => {
    const body = renderBody(responses.get("INVALID_API_KEY")?.ResponseTemplates["application/json"] ?? "");
    expect(body).toEqual({ error: { code: "UNAUTHORIZED", message: expect.stringContaining("x-api-key") } });
  });

  it.each(["THROTTLED", "DEFAULT_5XX"])(
    "tells the client when to retry after %s (Retry-After: 1)",
    (type) => {
      expect(responses.get(type)?.ResponseParameters["gatewayresponse.header.Retry-After"]).toBe("'1'");
    },
  );

  it("adds no Retry-After to errors a retry does not cure", () => {
    // Arrange
    const retryable = [...responses.values()].filter(
      (response) => "gatewayresponse.header.Retry-After" in response.ResponseParameters,
    );

    // Assert
    expect(retryable.map((response) => response.ResponseType).sort()).toEqual(["DEFAULT_5XX", "THROTTLED"]);
  });
});
