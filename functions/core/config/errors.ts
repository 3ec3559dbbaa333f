import { named, prefixedError } from "../errors";

/** Base class of every configuration error; its message starts `fifoq config: `. */
export class ConfigError extends prefixedError("config", "ConfigError") {}

/** A field of a queue (or of the config) has a value outside what is allowed. */
export class InvalidConfigValueError extends named("InvalidConfigValueError", ConfigError) {
  constructor(
    readonly queue: string,
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`queue "${queue}": ${field} = ${JSON.stringify(value)} is not allowed; ${allowed}`);
  }
}

/** The configuration file is missing or does not export a configuration. */
export class ConfigLoadError extends named("ConfigLoadError", ConfigError) {
  constructor(
    readonly path: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${path}: ${message}`, options);
  }
}
