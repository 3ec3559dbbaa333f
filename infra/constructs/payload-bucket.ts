import { type CfnElement, Duration, Names, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { ENV } from "../../functions/core/env-names";
import { PAYLOAD_PREFIXES } from "../../functions/core/payloads/payload-store";
import type { FifoqFunction } from "./fifoq-function";

/** A message body in S3 lives while its message can be in its queue (≤ 14 days) or its DLQ (14 days). */
export const MESSAGE_PAYLOAD_DAYS = 29;
/** A dead letter's body and attributes in S3 live a day longer than its record (30 days). */
export const DEAD_LETTER_PAYLOAD_DAYS = 31;

export interface PayloadBucketProps {
  /** What `cdk destroy` does with the bucket (and the bodies in it). @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The payload bucket: message bodies over SQS's 1 MiB (claim check) and dead letters over DynamoDB's 400 KB.
 * Private (all public access blocked, bucket-owner objects), encrypted (S3-managed keys), TLS only, and every
 * object expires after its prefix's retention. Functions get object-level access to their own prefixes only
 * (`grantPayloads`).
 */
export class PayloadBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: PayloadBucketProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.bucket = new s3.Bucket(this, "Bucket", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy,
      autoDeleteObjects: removalPolicy === RemovalPolicy.DESTROY,
      lifecycleRules: [
        {
          id: "messages",
          prefix: PAYLOAD_PREFIXES.messages,
          expiration: Duration.days(MESSAGE_PAYLOAD_DAYS),
        },
        {
          id: "dead-letters",
          prefix: PAYLOAD_PREFIXES.deadLetters,
          expiration: Duration.days(DEAD_LETTER_PAYLOAD_DAYS),
        },
        { id: "uploads", abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    Validations.of(this.bucket).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "Objects are written and read only by fifoq's own functions, whose calls CloudTrail data events can record; server access logs would need a second bucket per stack for no added control.",
    });
  }
}

/** One grant: these object actions under this key prefix (ending in `/`). */
export interface PayloadGrant {
  readonly actions: readonly ("s3:GetObject" | "s3:PutObject")[];
  readonly prefix: string;
}

/**
 * The bucket's ARN as cdk-nag names it in a policy of `fn`: `<LogicalId.Arn>` while the tree is checked in
 * memory; in a queue's nested stack, once synthesized, the parameter CloudFormation passes it through
 * (`<referenceto<unique id>Arn>`). Both are acknowledged (only the bucket's own prefixes, never another ARN).
 */
const bucketArnsAsNagRendersThem = (fn: FifoqFunction, bucket: s3.IBucket): string[] => {
  const owner = Stack.of(bucket);
  const resource = bucket.node.defaultChild as CfnElement;
  const local = `<${owner.getLogicalId(resource)}.Arn>`;
  return Stack.of(fn) === owner ? [local] : [local, `<referenceto${Names.uniqueId(resource)}Arn>`];
};

/**
 * Gives a function the bucket's name (FIFOQ_PAYLOAD_BUCKET) and object-level access to its own prefixes only
 * (the wildcard is the object key below the prefix, acknowledged for cdk-nag with that reason).
 */
export const grantPayloads = (
  fn: FifoqFunction,
  bucket: s3.IBucket,
  grants: readonly PayloadGrant[],
): void => {
  fn.fn.addEnvironment(ENV.payloadBucket, bucket.bucketName);
  for (const grant of grants) {
    fn.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [...grant.actions],
        resources: [bucket.arnForObjects(`${grant.prefix}*`)],
      }),
    );
  }
  const arns = bucketArnsAsNagRendersThem(fn, bucket);
  Validations.of(fn.role).acknowledge(
    ...grants.flatMap((grant) =>
      arns.map((arn) => ({
        id: `AwsSolutions-IAM5[Resource::${arn}/${grant.prefix}*]`,
        reason: `The wildcard is the object key below ${grant.prefix}: the function reads or writes only the payloads fifoq keys there, in this stack's own payload bucket.`,
      })),
    ),
  );
};
