/**
 * fifoq's wire contract: what crosses the HTTP API, imported by the server (`functions/`), the client
 * (`client/`, compiled into its package) and the console. It imports nothing from either side.
 */
export * from "./errors.js";
export * from "./json-depth.js";
export * from "./limits.js";
export * from "./redrive.js";
export * from "./reserved.js";
export * from "./routes.js";
export * from "./time.js";
export type * from "./types.js";
