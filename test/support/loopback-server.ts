import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as a loopback server received it, body included. */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Every request, in arrival order. */
  readonly received: readonly ReceivedRequest[];
  close(): Promise<void>;
}

export type Handler = (request: ReceivedRequest, response: ServerResponse) => void | Promise<void>;

/**
 * An HTTP server on 127.0.0.1 and a port of its own that records every request (headers and whole body)
 * before `handler` answers it: a stand-in for a hostile or misconfigured server in the client's tests.
 */
export const startLoopbackServer = async (handler: Handler): Promise<LoopbackServer> => {
  const received: ReceivedRequest[] = [];
  const server = createServer(async (incoming, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const request = {
      method: incoming.method ?? "",
      url: incoming.url ?? "",
      headers: incoming.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    received.push(request);
    await handler(request, response);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
};

/** Whether the response drained (true) or closed (false) first. */
const drainedOrClosed = (response: ServerResponse): Promise<boolean> =>
  new Promise((resolve) => {
    const settle = (drained: boolean) => () => {
      response.off("drain", onDrain).off("close", onClose);
      resolve(drained);
    };
    const onDrain = settle(true);
    const onClose = settle(false);
    response.once("drain", onDrain).once("close", onClose);
  });

/** Writes `chunkBytes` at a time, honouring backpressure, until the client goes away; resolves to the bytes written. */
export const streamEndlessly = async (response: ServerResponse, chunkBytes = 65_536): Promise<number> => {
  const chunk = Buffer.alloc(chunkBytes, 0x61);
  let written = 0;
  response.writeHead(200, { "content-type": "application/json" });
  while (!response.destroyed && !response.writableEnded) {
    written += chunk.length;
    if (!response.write(chunk) && !(await drainedOrClosed(response))) break;
  }
  return written;
};
