/** A fifoq function of a deployment, by name: `api`, `release`, `consumer:<queue>` or `recorder:<queue>`. */
export const functionId = (kind: "api" | "release" | "consumer" | "recorder", queue?: string): string =>
  kind === "api" || kind === "release" ? kind : `${kind}:${queue}`;
