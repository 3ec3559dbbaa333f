import { STACK_NAME_PATTERN } from "./defaults";
import { InvalidConfigValueError } from "./errors";

/** SQS allows queue names of at most 80 characters (`.fifo` included). */
export const SQS_QUEUE_NAME_LIMIT = 80;

/** A CloudFormation stack name (`STACK_NAME_PATTERN`). */
export const isStackName = (value: string): boolean => STACK_NAME_PATTERN.test(value);

/** The SQS names of one configured queue and of its dead-letter queue. */
export interface QueueNames {
  readonly queue: string;
  readonly deadLetterQueue: string;
}

/**
 * What a deployment calls everything it names: `<stack>-…`, so that several stacks (dev, staging, prod) live
 * in one account and region. The local stack has no stack name and keeps the short names.
 */
export const namePrefix = (stack: string | undefined): string => (stack ? `${stack}-` : "");

/**
 * The SQS names of queue `name`: `<stack>-<name>.fifo` and `<stack>-<name>-dlq.fifo` in a stack,
 * `<name>.fifo` and `<name>-dlq.fifo` without one. Throws `InvalidConfigValueError` naming the queue, the stack
 * and the limit when the dead-letter queue's name (the longer one) exceeds what SQS allows.
 */
export const queueNames = (name: string, stack?: string): QueueNames => {
  const prefix = namePrefix(stack);
  const names = { queue: `${prefix}${name}.fifo`, deadLetterQueue: `${prefix}${name}-dlq.fifo` };
  if (names.deadLetterQueue.length > SQS_QUEUE_NAME_LIMIT) {
    throw new InvalidConfigValueError(
      name,
      "name",
      name,
      `in stack "${stack}" its dead-letter queue would be "${names.deadLetterQueue}", ${names.deadLetterQueue.length} characters, and SQS allows at most ${SQS_QUEUE_NAME_LIMIT}: shorten the stack or the queue name`,
    );
  }
  return names;
};
