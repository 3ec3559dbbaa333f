/**
 * THE base of every error fifoq raises. Each subclass sets `name` as a class field (a string: bundles are
 * minified, so class names are not kept) and passes `{ cause }` on when it wraps another error.
 */
export class FifoqError extends Error {
  override name = "FifoqError";
}

/**
 * The base class of a module whose messages all start `fifoq <component>: `; the module's own base extends
 * it and sets its `name` (`class ConfigError extends prefixedError("config") { override name = "ConfigError"; }`).
 */
export const prefixedError = (component: string) =>
  class extends FifoqError {
    constructor(detail: string, options?: ErrorOptions) {
      super(`fifoq ${component}: ${detail}`, options);
    }
  };

/** A function's (or `npm start`'s) environment variables are missing or wrong; every problem is listed. */
export class InvalidEnvError extends FifoqError {
  override name = "InvalidEnvError";

  /** `component`: who read the environment ("consumer", "API", "dead-letter recorder", "local"). */
  constructor(
    component: string,
    readonly problems: readonly string[],
  ) {
    super(`fifoq ${component}: invalid environment:\n  - ${problems.join("\n  - ")}`);
  }
}
