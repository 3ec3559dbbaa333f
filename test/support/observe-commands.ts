import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

/** The names of the DynamoDB commands a client sends (an observer on the real client, nothing mocked). */
export const observeCommands = (dynamo: DynamoDBClient): string[] => {
  const names: string[] = [];
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      names.push(String(context.commandName));
      return next(args);
    },
    { step: "initialize", name: "observeCommands" },
  );
  return names;
};
