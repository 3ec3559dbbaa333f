/** The API function's Lambda settings: the CDK stack deploys it with these, the local stack runs it with them. */
export const API_SETTINGS = {
  timeoutSeconds: 10,
  memorySizeMb: 256,
} as const;
