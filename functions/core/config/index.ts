export { API_DEFAULTS, LIMITS, QUEUE_DEFAULTS, VISIBILITY_TO_TIMEOUT_RATIO } from "./defaults";
export { ConfigError, ConfigLoadError, InvalidConfigValueError } from "./errors";
export type { ApiConfig, FifoqConfig, QueueConfig, ResolvedConfig, ResolvedQueueConfig } from "./types";
export { defineConfig } from "./types";
export { resolveConfig, resolveQueue } from "./validate";
