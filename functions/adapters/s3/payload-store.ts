import type { S3Client } from "@aws-sdk/client-s3";
import {
  PayloadNotFoundError,
  type PayloadReader,
  type PayloadStore,
  PayloadStoreError,
  PayloadStoreUnavailableError,
} from "../../core/payloads/payload-store";
import { lazyS3Client } from "../aws-clients";
import { classifySdkError } from "../sdk-errors";

export interface S3PayloadStoreOptions {
  /** The client, or how to get it at the first call (the SDK is then imported only when a body is large). */
  readonly s3: S3Client | (() => Promise<S3Client>);
  /** The payload bucket (FIFOQ_PAYLOAD_BUCKET). */
  readonly bucket: string;
}

/** An S3 error as a payload store error, through the one SDK-error classifier. */
const storeError = (operation: string, key: string, cause: unknown): PayloadStoreError => {
  const fault = classifySdkError(cause);
  if (fault.name === "NoSuchKey" || fault.name === "NotFound") {
    return new PayloadNotFoundError(`payload ${key} is not in the store`, { cause });
  }
  const message = `payload store ${operation} of ${key} failed (${fault.name})`;
  return fault.retryable
    ? new PayloadStoreUnavailableError(message, { cause })
    : new PayloadStoreError(message, { cause });
};

type PayloadSettings = {
  readonly payloadBucket: string | undefined;
  readonly s3Endpoint: string | undefined;
};

/** S3 on the environment's `payloadBucket` as `create` builds it, or none when no bucket is configured. */
const ofSettings = <Store>(
  create: (options: S3PayloadStoreOptions) => Store,
  settings: PayloadSettings,
): Store | undefined =>
  settings.payloadBucket
    ? create({ s3: lazyS3Client({ endpoint: settings.s3Endpoint }), bucket: settings.payloadBucket })
    : undefined;

const clientOf = (s3: S3PayloadStoreOptions["s3"]) => async () => (typeof s3 === "function" ? s3() : s3);
const sdk = () => import("@aws-sdk/client-s3");

/**
 * Reads bodies from S3 (one object per key, UTF-8 text); errors become payload store errors here. The
 * consumer's bundle takes only this side.
 */
export const createS3PayloadReader = ({ s3, bucket }: S3PayloadStoreOptions): PayloadReader => {
  const client = clientOf(s3);
  return {
    async get(key) {
      try {
        const { GetObjectCommand } = await sdk();
        const result = await (await client()).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!result.Body) throw new PayloadNotFoundError(`payload ${key} has no body`);
        return await result.Body.transformToString("utf-8");
      } catch (cause) {
        if (cause instanceof PayloadStoreError) throw cause;
        throw storeError("get", key, cause);
      }
    },
  };
};

/** Bodies in S3: the reader, and `put` writing one object per key. */
export const createS3PayloadStore = (options: S3PayloadStoreOptions): PayloadStore => {
  const client = clientOf(options.s3);
  return {
    ...createS3PayloadReader(options),
    async put(key, body) {
      try {
        const { PutObjectCommand } = await sdk();
        const command = new PutObjectCommand({
          Bucket: options.bucket,
          Key: key,
          Body: body,
          ContentType: "text/plain; charset=utf-8",
        });
        await (await client()).send(command);
      } catch (cause) {
        throw storeError("put", key, cause);
      }
    },
  };
};

/** The payload store of a function's environment (API, recorder), or none when no bucket is configured. */
export const s3PayloadStoreOf = (settings: PayloadSettings): PayloadStore | undefined =>
  ofSettings(createS3PayloadStore, settings);

/** The consumer's side of it: reads only. */
export const s3PayloadReaderOf = (settings: PayloadSettings): PayloadReader | undefined =>
  ofSettings(createS3PayloadReader, settings);
