import { ArnFormat, RemovalPolicy, Stack, Token } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";

/** A deliberately loose check: SNS itself refuses what is not an address, this catches typos at synth. */
const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The message naming a wrong email address and what is allowed, or undefined when it looks like one. */
export const alarmEmailProblem = (email: string): string | undefined =>
  Token.isUnresolved(email) || EMAIL_PATTERN.test(email)
    ? undefined
    : `alarmEmail = ${JSON.stringify(email)} is not allowed; give one email address, e.g. ops@example.com`;

export interface AlarmTopicProps {
  /** Who gets the alarm notifications; SNS mails a confirmation link first. */
  readonly email: string;
  /** Only alarms whose names start with this may publish (they are named `<prefix>-…`). */
  readonly alarmNamePrefix: string;
}

/**
 * The SNS topic fifoq's alarms notify, with one email subscription. It is encrypted with its own customer
 * managed key, because CloudWatch cannot publish to a topic under the AWS-managed `aws/sns` key (its policy
 * cannot grant the CloudWatch service anything); the key allows CloudWatch to use it, and the topic allows it
 * to publish, only on behalf of this account's alarms named `<prefix>-…`. Publishing without TLS is denied.
 */
export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const problem = alarmEmailProblem(props.email);
    if (problem) throw new Error(`AlarmTopic: ${problem}`);
    const stack = Stack.of(this);
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
        conditions: fromOwnAlarms,
      }),
    );
    this.topic = new sns.Topic(this, "Topic", {
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
