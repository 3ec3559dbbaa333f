const DLQ_NAME = /^([a-z0-9-]{1,64})-dlq\.fifo$/;

/** The source queue of a dead-letter queue ARN (`arn:aws:sqs:<region>:<account>:<name>-dlq.fifo` → `<name>`). */
export const queueFromDlqArn = (arn: string | undefined): string | undefined => {
  const resource = arn?.split(":").at(-1);
  return resource ? DLQ_NAME.exec(resource)?.[1] : undefined;
};
