import { ClientRequest } from "node:http";

/** One AWS request as the wire shows it: the JSON protocol's target (`AmazonSQS.SendMessage`) and its body. */
interface WireRequest {
  readonly target: string;
  readonly body: Readonly<Record<string, unknown>>;
}

/**
 * Counts the AWS requests this process sends over HTTP that `select` keeps (the local stack's release function
 * and its pollers run in this process; the API function runs in worker threads, which this does not see).
 * It wraps `ClientRequest.prototype.end`, where the SDK's HTTP handler hands over the body; `stop` unwraps.
 */
export const countRequests = (select: (request: WireRequest) => boolean) => {
  const byTarget = new Map<string, number>();
  const original = ClientRequest.prototype.end;
  const counting = function (this: ClientRequest, ...args: unknown[]) {
    const target = this.getHeader("x-amz-target");
    if (typeof target === "string" && (typeof args[0] === "string" || Buffer.isBuffer(args[0]))) {
      try {
        const body = JSON.parse(String(args[0])) as Record<string, unknown>;
        const name = target.split(".").at(-1) ?? target;
        if (select({ target: name, body })) byTarget.set(name, (byTarget.get(name) ?? 0) + 1);
      } catch {
        // not a JSON-protocol body: not an AWS request of the kind counted here
      }
    }
    return (original as (...a: unknown[]) => ClientRequest).apply(this, args);
  };
  ClientRequest.prototype.end = counting as typeof ClientRequest.prototype.end;
  return {
    byTarget,
    total: () => [...byTarget.values()].reduce((sum, n) => sum + n, 0),
    reset: () => byTarget.clear(),
    stop: () => {
      ClientRequest.prototype.end = original;
    },
  };
};

/** `Name count, …` for an INFO line. */
export const describeCounts = (byTarget: ReadonlyMap<string, number>, per: number): string =>
  [...byTarget.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ${(n / per).toFixed(3)}`)
    .join(", ");
