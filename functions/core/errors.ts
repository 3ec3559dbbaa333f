/**
 * THE base of every error fifoq raises. Each subclass sets `name` as a class field (a string: bundles are
 * minified, so class names are not kept) and passes `{ cause }` on when it wraps another error.
 */
export class FifoqError extends Error {
  override name = "FifoqError";
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * A subclass of `base` that names itself `name` (a string: bundles are minified, so class names are not
 * kept), typed as `base` so the declaration keeps its parent's constructor and `instanceof` still tells the
 * errors apart: `class PermanentError extends named("PermanentError", ConsumerError) {}`.
 */
export const named = <Base extends ErrorClass>(name: string, base: Base): Base =>
  class extends (base as unknown as typeof FifoqError) {
    override name: string = name;
  } as unknown as Base;

/**
 * The base class of a module whose messages all start `fifoq <component>: `, named `name`:
 * `class ConfigError extends prefixedError("config", "ConfigError") {}`.
 */
export const prefixedError = (component: string, name: string) =>
  named(
    name,
    class extends FifoqError {
      constructor(detail: string, options?: ErrorOptions) {
        super(`fifoq ${component}: ${detail}`, options);
      }
    },
  );

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
