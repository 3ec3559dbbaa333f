export { BATCH_LIMITS } from "./batch-parts.js";
export {
  type CallOptions,
  FifoqClient,
  type FifoqClientOptions,
  type PageOptions,
  type PublishOptions,
  type RedriveOptions,
} from "./client.js";
export * from "./errors.js";
export { type BatchProgress, NOT_SENT_ORDER_PRESERVED, type PublishBatchOptions } from "./publish-batch.js";
export type { RedriveAllOptions, RedriveAllProgress } from "./redrive-all.js";
export { DEFAULT_RETRY, type RetryOptions } from "./retry.js";
export type { RequestSigner, SignableRequest } from "./transport.js";
export type * from "./types.js";
