import { ArnFormat, RemovalPolicy, Stack, Token } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import { alarmEmailProblem } from "../../functions/core/config/validate";

export interface AlarmTopicProps {
  /** Who gets the alarm notifications; SNS mails a confirmation link first. */
  readonly email: string;
  /** Only alarms whose names start with this may publish (they are named `<prefix>-…`); the topic is `<prefix>-alarms`. */
  readonly alarmNamePrefix: string;
}

/**
 * The encryption context SNS passes to KMS for every message of a topic (AWS documents it in the key policies
 * for SNS event sources, e.g. GameLift FlexMatch's "Set up an SNS topic with server-side encryption").
 */
const SNS_TOPIC_CONTEXT = "kms:EncryptionContext:aws:sns:topicArn";

/**
 * The SNS topic fifoq's alarms notify (`<prefix>-alarms`), with one email subscription. It is encrypted with
 * its own customer managed key, because CloudWatch cannot publish to a topic under the AWS-managed `aws/sns`
 * key (its policy cannot grant the CloudWatch service anything). The topic allows CloudWatch to publish only on
 * behalf of this account's alarms named `<prefix>-…` (`aws:SourceAccount`, `aws:SourceArn`: the documented
 * confused-deputy guard of SNS topic policies). The key does NOT condition on those keys: SNS, not CloudWatch,
 * calls KMS, and AWS's key policy for event sources publishing to encrypted topics ("Enable compatibility
 * between event sources from AWS services and encrypted topics", SNS developer guide) has no such condition;
 * where the request context lacks them the condition fails and every notification is dropped silently. The key
 * is instead limited to this topic's encryption context. Publishing without TLS is denied.
 */
export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const problem = Token.isUnresolved(props.email) ? undefined : alarmEmailProblem(props.email);
    if (problem) throw new Error(`AlarmTopic: ${problem}`);
    const stack = Stack.of(this);
    const topicName = `${props.alarmNamePrefix}-alarms`;
    // Named, so the key policy can name the topic without a reference (the topic refers to the key).
    const topicArn = stack.formatArn({
      service: "sns",
      resource: topicName,
      arnFormat: ArnFormat.NO_RESOURCE_NAME,
    });
    const cloudWatch = new iam.ServicePrincipal("cloudwatch.amazonaws.com");
    const fromOwnAlarms = {
      StringEquals: { "aws:SourceAccount": stack.account },
      ArnLike: {
        "aws:SourceArn": stack.formatArn({
          service: "cloudwatch",
          resource: "alarm",
          resourceName: `${props.alarmNamePrefix}-*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    };
    this.key = new kms.Key(this, "Key", {
      description: "fifoq: encrypts the alarm notification topic",
      enableKeyRotation: true,
      // It protects notifications in flight only; nothing stays encrypted under it once the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowCloudWatchAlarmsToPublish",
        principals: [cloudWatch],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        conditions: { StringEquals: { [SNS_TOPIC_CONTEXT]: topicArn } },
      }),
    );
    this.topic = new sns.Topic(this, "Topic", {
      topicName,
      displayName: "fifoq alarms",
      masterKey: this.key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowCloudWatchAlarmsToPublish",
        principals: [cloudWatch],
        actions: ["sns:Publish"],
        resources: [this.topic.topicArn],
        conditions: fromOwnAlarms,
      }),
    );
    this.topic.addSubscription(new EmailSubscription(props.email));
  }
}
