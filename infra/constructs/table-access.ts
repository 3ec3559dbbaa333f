import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";

/**
 * Item reads and writes. PartiQL statements are authorised by their own actions, not by GetItem/PutItem,
 * and the idempotency adapter batches conditional writes with `BatchExecuteStatement`, so they are included.
 * No stream actions: the tables have no streams. No KMS actions: the tables use the AWS-managed key.
 */
export const ITEM_ACTIONS = [
  "dynamodb:BatchGetItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
  "dynamodb:DeleteItem",
  "dynamodb:DescribeTable",
  "dynamodb:GetItem",
  "dynamodb:PartiQLDelete",
  "dynamodb:PartiQLInsert",
  "dynamodb:PartiQLSelect",
  "dynamodb:PartiQLUpdate",
  "dynamodb:PutItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:UpdateItem",
] as const;

export interface ItemAccessOptions {
  /** Also allow the table's secondary indexes (`<table ARN>/index/*`). @default false */
  readonly indexes?: boolean;
}

/** Read and write the items of one table (and, when asked, its indexes), through the item API or PartiQL. */
export const grantItemAccess = (
  table: dynamodb.ITable,
  grantee: iam.IGrantable,
  options: ItemAccessOptions = {},
): iam.Grant =>
  iam.Grant.addToPrincipal({
    grantee,
    actions: [...ITEM_ACTIONS],
    resourceArns: options.indexes ? [table.tableArn, `${table.tableArn}/index/*`] : [table.tableArn],
  });
