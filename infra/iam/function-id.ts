/** A fifoq function of a deployment, by name: `api`, `consumer:<queue>` or `recorder:<queue>`. */
export const functionId = (kind: "api" | "consumer" | "recorder", queue?: string): string =>
  kind === "api" ? kind : `${kind}:${queue}`;
