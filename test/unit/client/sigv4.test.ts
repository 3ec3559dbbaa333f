import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { sigv4Signer, WebCryptoSha256 } from "../../../client/src/sigv4.js";
import { fakeApi, json } from "./fake-api";

/** The credentials of AWS's published Signature Version 4 test suite. */
const EXAMPLE = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const SIGNED_AT = new Date("2015-08-30T12:36:00Z");

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("SigV4 signing (@fifoq/client/sigv4)", () => {
  it("computes SHA-256 and HMAC-SHA-256 like Node's crypto", async () => {
    // Arrange + Act: digest the known inputs
    const hash = new WebCryptoSha256();
    hash.update("abc");
    const hmac = new WebCryptoSha256("key");
    hmac.update(new TextEncoder().encode("The quick brown fox jumps over the lazy dog"));

    // Assert
    expect(hex(await hash.digest())).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hex(await hmac.digest())).toBe("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  });

  it("reproduces the test suite's get-vanilla signature through @smithy/signature-v4", async () => {
    // Arrange
    const signer = new SignatureV4({
      service: "service",
      region: "us-east-1",
      credentials: EXAMPLE,
      sha256: WebCryptoSha256,
      applyChecksum: false,
    });

    // Act
    const signed = await signer.sign(
      {
        method: "GET",
        protocol: "https:",
        hostname: "example.amazonaws.com",
        path: "/",
        query: {},
        headers: { host: "example.amazonaws.com" },
      },
      { signingDate: SIGNED_AT },
    );

    // Assert
    expect(signed.headers.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    );
  });

  it("signs each attempt of a client request for execute-api in the API's region, body and query included", async () => {
    // Arrange
    const api = fakeApi((_, seen) =>
      seen.length === 1
        ? json(503, { error: { code: "UPSTREAM_UNAVAILABLE", message: "x" } })
        : json(200, { items: [] }),
    );
    const signer = sigv4Signer({
      region: "eu-west-1",
      credentials: async () => ({ ...EXAMPLE, sessionToken: "token" }),
    });

    // Act
    await api.client({ apiKey: undefined, signer }).listDeadLetters("orders", { status: "new" });

    // Assert
    const [first, second] = api.seen;
    expect(first?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=accept;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(first?.headers["x-amz-security-token"]).toBe("token");
    expect(first?.headers["x-api-key"]).toBeUndefined();
    expect(first?.headers.host).toBeUndefined();
    expect(second?.headers.authorization).toBeDefined();
  });

  it("gives a different signature for a different body", async () => {
    // Arrange
    const signer = sigv4Signer({ region: "eu-west-1", credentials: EXAMPLE, signingDate: () => SIGNED_AT });
    const request = {
      method: "POST",
      url: "https://abc.execute-api.eu-west-1.amazonaws.com/v1/queues/orders/messages",
      headers: {},
    };

    // Act
    const one = await signer({ ...request, body: '{"body":1,"groupId":"g"}' });
    const other = await signer({ ...request, body: '{"body":2,"groupId":"g"}' });

    // Assert
    expect(one.authorization).not.toBe(other.authorization);
  });
});
