/** Base class of errors raised while setting up the API Lambda (before any request). */
export class ApiSetupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ApiSetupError";
  }
}

/** An environment variable is missing or holds a value the API cannot use. */
export class InvalidEnvironmentError extends ApiSetupError {
  constructor(
    readonly variable: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`fifoq API: environment variable ${variable} ${problem}`, options);
    this.name = "InvalidEnvironmentError";
  }
}
