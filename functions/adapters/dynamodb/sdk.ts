import { createRequire } from "node:module";

/**
 * THE way the adapters load the DynamoDB SDK: `require`d, not `import`ed. It is CommonJS, and an ES import of
 * it makes Node scan its large entry file for export names first, which costs ~20 ms of every cold start.
 * Types still come from `import type { … } from "@aws-sdk/client-dynamodb"`.
 */
export const dynamoDbSdk: typeof import("@aws-sdk/client-dynamodb") = createRequire(import.meta.url)(
  "@aws-sdk/client-dynamodb",
);
