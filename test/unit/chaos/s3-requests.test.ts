import { describe, expect, it } from "vitest";
import { faultAction, isProvisioning } from "../../../chaos/proxy/faults";
import { s3Operation } from "../../../chaos/proxy/s3-requests";
import { createRandom } from "../../../chaos/random";

describe("the SQS proxy's view of fauxqs's S3", () => {
  it("names S3 operations from the method and whether the path names an object", () => {
    expect([
      s3Operation("HEAD", "/fifoq-payloads"),
      s3Operation("PUT", "/fifoq-payloads?x-id=CreateBucket"),
      s3Operation("PUT", "/fifoq-payloads/messages/chaos/1?x-id=PutObject"),
      s3Operation("GET", "/fifoq-payloads/dead-letters/chaos/2"),
    ]).toEqual(["S3:HeadBucket", "S3:CreateBucket", "S3:PutObject", "S3:GetObject"]);
  });

  it("never disturbs the payload bucket's provisioning, but does its objects", () => {
    // Arrange
    const exempt = isProvisioning("sqs");
    const body = Buffer.alloc(0);

    // Act
    const bucket = exempt({ operation: "S3:HeadBucket", body });
    const object = exempt({ operation: "S3:PutObject", body });

    // Assert
    expect([bucket, object]).toEqual([true, false]);
  });

  it("answers an S3 request's fault in S3's shape (XML SlowDown / InternalError), an SQS one in SQS's", () => {
    // Arrange
    const random = createRandom(1);
    const s3 = { operation: "S3:GetObject", body: Buffer.alloc(0) };
    const sqs = { operation: "SendMessage", body: Buffer.alloc(0) };

    // Act
    const throttled = faultAction("throttle", "sqs", random, s3);
    const failed = faultAction("server-error", "sqs", random, s3);
    const sqsThrottled = faultAction("throttle", "sqs", random, sqs);

    // Assert
    expect(throttled).toMatchObject({ kind: "respond", response: { status: 503 } });
    expect(throttled.kind === "respond" && throttled.response.body.toString()).toContain(
      "<Code>SlowDown</Code>",
    );
    expect(failed.kind === "respond" && failed.response.body.toString()).toContain(
      "<Code>InternalError</Code>",
    );
    expect(sqsThrottled.kind === "respond" && sqsThrottled.response.body.toString()).toContain(
      "RequestThrottled",
    );
  });
});
