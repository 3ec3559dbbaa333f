import { QueueNotFoundError } from "../http/errors";
import type { QueueTarget } from "./types";

/** Where each configured queue lives, by public name (the shape of `FIFOQ_QUEUES`). */
export type QueueTargets = Readonly<Record<string, Omit<QueueTarget, "name">>>;

/** All configured queues, in configuration order. */
export const allQueueTargets = (registry: QueueTargets): QueueTarget[] =>
  Object.entries(registry).map(([name, endpoint]) => ({ name, ...endpoint }));

/** The configured queue called `name`, or `QueueNotFoundError` (404 `QUEUE_NOT_FOUND`). */
export const findQueueTarget = (registry: QueueTargets, name: string): QueueTarget => {
  const endpoint = Object.hasOwn(registry, name) ? registry[name] : undefined;
  if (!endpoint) throw new QueueNotFoundError(name, Object.keys(registry));
  return { name, ...endpoint };
};
