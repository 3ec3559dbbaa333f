import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { s3Operation } from "./s3-requests";

/**
 * A request as the proxy saw it: the AWS JSON protocol names the operation in `X-Amz-Target`; a request
 * without one is S3's (fauxqs serves S3 on the SQS endpoint).
 */
export interface ProxiedRequest {
  /** The operation, e.g. `SendMessage` or `BatchExecuteStatement` (the part after the dot), or `S3:PutObject`. */
  readonly operation: string;
  readonly body: Buffer;
}

export interface ProxiedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** What the proxy does with one request. */
export type ProxyAction =
  | { readonly kind: "forward"; readonly delayMs?: number }
  /** Answers without forwarding (the request is not applied). */
  | { readonly kind: "respond"; readonly response: ProxiedResponse }
  /** Closes the connection without forwarding. */
  | { readonly kind: "drop" }
  /** Forwards (the request is applied), then closes the connection instead of answering. */
  | { readonly kind: "forward-then-drop" }
  /** Forwards (the request is applied), then answers this instead of the real answer. */
  | { readonly kind: "forward-then-respond"; readonly response: ProxiedResponse };

export interface ProxyPolicy {
  /** The request body to forward (e.g. with a setting of the run rewritten). @default the body as sent */
  rewrite?(request: ProxiedRequest): Buffer;
  decide(request: ProxiedRequest): ProxyAction;
  /** Called once the upstream answered a forwarded request, before its answer goes back. */
  forwarded?(request: ProxiedRequest, response: ProxiedResponse): void;
}

export interface FaultProxy {
  readonly endpoint: string;
  close(): Promise<void>;
}

const readBody = async (stream: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

const hopByHop = new Set(["connection", "keep-alive", "transfer-encoding", "content-length"]);

const forward = (
  upstream: URL,
  agent: Agent,
  incoming: IncomingMessage,
  body: Buffer,
): Promise<ProxiedResponse> =>
  new Promise((resolve, reject) => {
    const headers = { ...incoming.headers, "content-length": String(body.length) };
    const outgoing = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers,
        agent,
      },
      (answer) => {
        readBody(answer).then((payload) => {
          const kept = Object.entries(answer.headers).filter(([name]) => !hopByHop.has(name));
          resolve({
            status: answer.statusCode ?? 502,
            headers: Object.fromEntries(kept.map(([n, v]) => [n, String(v)])),
            body: payload,
          });
        }, reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });

const send = (res: ServerResponse, response: ProxiedResponse): void => {
  res.writeHead(response.status, { ...response.headers, "content-length": String(response.body.length) });
  res.end(response.body);
};

const UPSTREAM_DOWN: ProxiedResponse = {
  status: 502,
  headers: { "content-type": "text/plain" },
  body: Buffer.from("chaos proxy: upstream unreachable"),
};

/**
 * An HTTP proxy on a loopback port in front of one emulator; `policy` decides per request whether it passes,
 * late, or fails (see `faults.ts`). Keep-alive on both sides, as SDK clients expect.
 */
export const startFaultProxy = async (upstreamEndpoint: string, policy: ProxyPolicy): Promise<FaultProxy> => {
  const upstream = new URL(upstreamEndpoint);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const target = String(req.headers["x-amz-target"] ?? "");
    const sent: ProxiedRequest = {
      operation: target
        ? target.slice(target.indexOf(".") + 1)
        : s3Operation(req.method ?? "", req.url ?? ""),
      body: await readBody(req),
    };
    const action = policy.decide(sent);
    if (action.kind === "drop") return void req.socket.destroy();
    if (action.kind === "respond") return send(res, action.response);
    if (action.kind === "forward" && action.delayMs) await sleep(action.delayMs);
    let answer: ProxiedResponse;
    try {
      answer = await forward(upstream, agent, req, policy.rewrite?.(sent) ?? sent.body);
    } catch {
      return send(res, UPSTREAM_DOWN);
    }
    policy.forwarded?.(sent, answer);
    if (action.kind === "forward-then-drop") return void req.socket.destroy();
    send(res, action.kind === "forward-then-respond" ? action.response : answer);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
};
