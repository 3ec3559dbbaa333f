import type { S3Client } from "@aws-sdk/client-s3";

/** The local payload bucket's name (the cloud's is the stack's, named by CloudFormation). */
export const LOCAL_PAYLOAD_BUCKET = "fifoq-payloads";

/** Creates the payload bucket on the emulator's S3 (fauxqs) unless it exists. */
export const provisionPayloadBucket = async (s3: S3Client, bucket: string = LOCAL_PAYLOAD_BUCKET) => {
  const { CreateBucketCommand, HeadBucketCommand } = await import("@aws-sdk/client-s3");
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
  return bucket;
};
