/**
 * `@fifoq/client/sigv4`: signs requests with AWS Signature Version 4 for stacks deployed with
 * `api.auth: "iam"`. The signing is AWS's own `@smithy/signature-v4`, an optional peer dependency loaded on
 * the first request (install it to sign); SHA-256 and HMAC come from Web Crypto, in Node 22+ and browsers.
 */
import type { SignatureV4 } from "@smithy/signature-v4";
import { FifoqClientError } from "./errors.js";
import type { RequestSigner } from "./transport.js";

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
  readonly expiration?: Date | undefined;
}

export interface SigV4SignerOptions {
  /** The API's region, e.g. `eu-west-1`. */
  readonly region: string;
  /** Fixed credentials, or a provider called per request (e.g. `fromNodeProviderChain()` of the AWS SDK). */
  readonly credentials: AwsCredentials | (() => Promise<AwsCredentials>);
  /** @default "execute-api" (API Gateway) */
  readonly service?: string;
  /** For tests: the signing time. @default now */
  readonly signingDate?: () => Date;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

const encoder = new TextEncoder();

/** A copy as a plain `Uint8Array` (Web Crypto takes no view of a SharedArrayBuffer). */
const toBytes = (data: SourceData): Uint8Array<ArrayBuffer> => {
  if (typeof data === "string") return encoder.encode(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  return new Uint8Array(data).slice();
};

/** SHA-256 (or HMAC-SHA-256 with a secret) in the shape `@smithy/signature-v4` asks for, on Web Crypto. */
export class WebCryptoSha256 {
  private chunks: Uint8Array<ArrayBuffer>[] = [];

  constructor(private readonly secret?: SourceData) {}

  update(data: SourceData): void {
    this.chunks.push(toBytes(data));
  }

  async digest(): Promise<Uint8Array> {
    const data = new Uint8Array(this.chunks.reduce((size, chunk) => size + chunk.length, 0));
    let offset = 0;
    for (const chunk of this.chunks) {
      data.set(chunk, offset);
      offset += chunk.length;
    }
    const { subtle } = globalThis.crypto;
    if (this.secret === undefined) return new Uint8Array(await subtle.digest("SHA-256", data));
    const key = await subtle.importKey(
      "raw",
      toBytes(this.secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    return new Uint8Array(await subtle.sign("HMAC", key, data));
  }

  reset(): void {
    this.chunks = [];
  }
}

/**
 * A `signer` for `new FifoqClient({ url, signer })`: every attempt is signed afresh (its own `x-amz-date`).
 * `host` is signed but not returned: fetch sets it from the URL.
 */
export const sigv4Signer = (options: SigV4SignerOptions): RequestSigner => {
  let loading: Promise<SignatureV4> | undefined;
  const load = async () => {
    const { SignatureV4: Signer } = await import("@smithy/signature-v4").catch((cause: unknown) => {
      throw new FifoqClientError(
        "SIGV4_UNAVAILABLE",
        "signing with SigV4 needs the package @smithy/signature-v4: npm install @smithy/signature-v4",
        { cause },
      );
    });
    return new Signer({
      service: options.service ?? "execute-api",
      region: options.region,
      credentials: options.credentials,
      sha256: WebCryptoSha256,
      applyChecksum: false,
    });
  };
  return async (request) => {
    loading ??= load();
    const signer = await loading;
    const url = new URL(request.url);
    const signed = await signer.sign(
      {
        method: request.method,
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { ...request.headers, host: url.host },
        body: request.body,
      },
      options.signingDate ? { signingDate: options.signingDate() } : {},
    );
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(signed.headers)) if (name !== "host") headers[name] = value;
    return headers;
  };
};
